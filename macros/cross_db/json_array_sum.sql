{#-
    Sum of one numeric field over the objects of a JSON array, as a scalar
    expression (e.g. a line item's `discount_allocations[].amount`).
    Null when the array is missing or empty; values that are not numbers are
    skipped. With `where_field` and `where_value`, only the objects whose
    `where_field` equals `where_value` count (a refund's `order_adjustments`
    of kind `shipping_refund`).
-#}
{% macro json_array_sum(json_expression, field, data_type='numeric(18, 2)', where_field=none, where_value=none) -%}
    {{ return(adapter.dispatch('json_array_sum', 'hotrod_an')(json_expression, field, data_type, where_field, where_value)) }}
{%- endmacro %}

{% macro default__json_array_sum(json_expression, field, data_type, where_field, where_value) -%}
    {{ exceptions.raise_compiler_error("json_array_sum is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_array_sum(json_expression, field, data_type, where_field, where_value) -%}
    {%- set struct = {field: 'VARCHAR'} -%}
    {%- set elements = 'from_json(' ~ json_expression ~ ", '[" ~ tojson(struct) ~ "]')" -%}
    {%- if where_field is not none -%}
        {%- do struct.update({where_field: 'VARCHAR'}) -%}
        {%- set elements = 'list_filter(from_json(' ~ json_expression ~ ", '[" ~ tojson(struct) ~ "]'), element -> element.\""
            ~ where_field ~ "\" = '" ~ where_value ~ "')" -%}
    {%- endif -%}
    cast(list_sum(
        list_transform(
            {{ elements }},
            element -> try_cast(element."{{ field }}" as {{ data_type }})
        )
    ) as {{ data_type }})
{%- endmacro %}

{% macro postgres__json_array_sum(json_expression, field, data_type, where_field, where_value) -%}
    (
        select cast(sum({{ hotrod_an.try_cast("element ->> '" ~ field ~ "'", data_type) }}) as {{ data_type }})
        from jsonb_array_elements(
            case when jsonb_typeof({{ json_expression }}) = 'array' then {{ json_expression }} else '[]'::jsonb end
        ) as element
        {%- if where_field is not none %}
        where element ->> '{{ where_field }}' = '{{ where_value }}'
        {%- endif %}
    )
{%- endmacro %}
