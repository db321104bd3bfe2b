{#-
    Unit test of the cross-database JSON sums: an empty array, an array of
    one (read without a subquery on PostgreSQL), of two, a value that is not
    a number, a value that is not an array and a missing value each give the
    sum of what can be read, or null, alike on both engines. Returns the
    cases whose result differs from the expectation; none on success.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('stg_shopify__order_lines') }})
{%- set json_type = 'jsonb' if target.type == 'postgres' else 'json' %}
with cases as (

    select cast(document as {{ json_type }}) as document, expected_amount, expected_refund, expected_shipping
    from (
        values
            ('[]', null, null, null),
            ('[{"amount": "1.50", "kind": "shipping_refund", "discount_allocations": [{"amount": "0.25"}]}]',
                1.50, 1.50, 0.25),
            ('[{"amount": "1.50", "kind": "refund_discrepancy"}, {"amount": "2.25", "kind": "shipping_refund",
                "discount_allocations": [{"amount": "1.00"}, {"amount": "0.50"}]}]', 3.75, 2.25, 1.50),
            ('[{"amount": "x", "kind": "shipping_refund"}]', null, null, null),
            ('[{"amount": "1.50"}, {"amount": "bad"}]', 1.50, null, null),
            ('[{"amount": 2}]', 2.00, null, null),
            ('{"amount": "1.50", "kind": "shipping_refund"}', null, null, null),
            (null, null, null, null)
    ) as t (document, expected_amount, expected_refund, expected_shipping)

),

failures as (

    select cast(document as {{ dbt.type_string() }}) as document, 'json_array_sum' as sum_macro
    from cases
    where {{ json_array_sum('document', 'amount') }} is distinct from cast(expected_amount as numeric(18, 2))

    union all

    select cast(document as {{ dbt.type_string() }}) as document, 'json_array_sum where' as sum_macro
    from cases
    where {{ json_array_sum('document', 'amount', where_field='kind', where_value='shipping_refund') }}
        is distinct from cast(expected_refund as numeric(18, 2))

    union all

    select cast(document as {{ dbt.type_string() }}) as document, 'json_path_sum' as sum_macro
    from cases
    where {{ json_path_sum('document', '[*].discount_allocations[*].amount') }}
        is distinct from cast(expected_shipping as numeric(18, 2))

)

select * from failures
