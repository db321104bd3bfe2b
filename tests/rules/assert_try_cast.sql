{#-
    Unit test of the cross-database try_cast on the values payloads carry and
    the ones they must not break the build with: every value gives its typed
    value or null, never an error. Returns the cases whose result differs from
    the expectation; none on success.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('stg_shopify__orders') }})
with bigint_cases as (

    select * from (
        values
            ('7100001468', 7100001468),
            ('-42', -42),
            ('  12 ', 12),
            ('123456789012345678', 123456789012345678),
            ('-123456789012345678', -123456789012345678),
            ('1234567890123456789', null),
            ('12.5', null),
            ('1e3', null),
            ('abc', null),
            ('', null),
            ('-', null),
            (null, null)
    ) as t (raw_value, expected)

),

timestamp_cases as (

    select * from (
        values
            ('2026-06-30T10:15:00-07:00', cast('2026-06-30 17:15:00+00' as timestamptz)),
            ('2026-06-30T17:15:00Z', cast('2026-06-30 17:15:00+00' as timestamptz)),
            ('2026-06-30', cast('2026-06-30 00:00:00+00' as timestamptz)),
            ('yesterday', null),
            ('30/06/2026', null),
            (null, null)
    ) as t (raw_value, expected)

),

failures as (

    select 'bigint' as cast_type, raw_value
    from bigint_cases
    where {{ try_cast('raw_value', 'bigint') }} is distinct from cast(expected as bigint)

    union all

    select 'timestamptz' as cast_type, raw_value
    from timestamp_cases
    where {{ try_cast('raw_value', 'timestamptz') }} is distinct from expected

)

select * from failures
