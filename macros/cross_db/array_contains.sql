{#- True when the array holds the value (false for an empty or null array). -#}
{% macro array_contains(array_expression, value_expression) -%}
    {{ return(adapter.dispatch('array_contains', 'hotrod_an')(array_expression, value_expression)) }}
{%- endmacro %}

{% macro default__array_contains(array_expression, value_expression) -%}
    {{ exceptions.raise_compiler_error("array_contains is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__array_contains(array_expression, value_expression) -%}
    coalesce(list_contains({{ array_expression }}, {{ value_expression }}), false)
{%- endmacro %}

{% macro postgres__array_contains(array_expression, value_expression) -%}
    coalesce({{ value_expression }} = any({{ array_expression }}), false)
{%- endmacro %}
