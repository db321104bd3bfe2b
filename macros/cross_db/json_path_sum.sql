{#-
    Sum of the numbers a JSONPath selects in a JSON value, as a scalar
    expression: `path` is written after the `$` and may cross arrays, e.g.
    `[*].discount_allocations[*].amount` (every discount allocation of every
    shipping line) or `[*].subtotal_amount_set.shop_money.amount`. Shopify's
    decimal strings and JSON numbers both count; values that are not numbers
    are skipped. Null when the value is not an array or nothing is selected.
-#}
{% macro json_path_sum(json_expression, path, data_type='numeric(18, 2)') -%}
    {{ return(adapter.dispatch('json_path_sum', 'hotrod_an')(json_expression, path, data_type)) }}
{%- endmacro %}

{% macro default__json_path_sum(json_expression, path, data_type) -%}
    {{ exceptions.raise_compiler_error("json_path_sum is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_path_sum(json_expression, path, data_type) -%}
    cast(list_sum(
        list_transform(
            json_extract_string({{ json_expression }}, '${{ path }}'),
            element -> try_cast(element as {{ data_type }})
        )
    ) as {{ data_type }})
{%- endmacro %}

{% macro postgres__json_path_sum(json_expression, path, data_type) -%}
    {#- an empty array is read without the subquery, which runs once per row -#}
    case when jsonb_typeof({{ json_expression }}) = 'array' and jsonb_array_length({{ json_expression }}) > 0 then (
        select cast(sum({{ hotrod_an.try_cast("selected #>> '{}'", data_type) }}) as {{ data_type }})
        from jsonb_path_query({{ json_expression }}, '${{ path }}') as selected
    ) end
{%- endmacro %}
