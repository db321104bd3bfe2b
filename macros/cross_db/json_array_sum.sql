{#-
    Sum of one numeric field over the objects of a JSON array, as a scalar
    expression (e.g. a line item's `discount_allocations[].amount`).
    Null when the array is missing or empty; values that are not numbers are
    skipped.
-#}
{% macro json_array_sum(json_expression, field, data_type='numeric(18, 2)') -%}
    {{ return(adapter.dispatch('json_array_sum', 'hotrod_an')(json_expression, field, data_type)) }}
{%- endmacro %}

{% macro default__json_array_sum(json_expression, field, data_type) -%}
    {{ exceptions.raise_compiler_error("json_array_sum is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_array_sum(json_expression, field, data_type) -%}
    cast(list_sum(
        list_transform(
            from_json({{ json_expression }}, '[{"{{ field }}": "VARCHAR"}]'),
            element -> try_cast(element."{{ field }}" as {{ data_type }})
        )
    ) as {{ data_type }})
{%- endmacro %}

{% macro postgres__json_array_sum(json_expression, field, data_type) -%}
    (
        select cast(sum({{ hotrod_an.try_cast("element ->> '" ~ field ~ "'", data_type) }}) as {{ data_type }})
        from jsonb_array_elements(
            case when jsonb_typeof({{ json_expression }}) = 'array' then {{ json_expression }} else '[]'::jsonb end
        ) as element
    )
{%- endmacro %}
