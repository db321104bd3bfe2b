{#- True when a JSON value is an object (a payload that can carry fields). -#}
{% macro json_is_object(json_expression) -%}
    {{ return(adapter.dispatch('json_is_object', 'hotrod_an')(json_expression)) }}
{%- endmacro %}

{% macro default__json_is_object(json_expression) -%}
    {{ exceptions.raise_compiler_error("json_is_object is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_is_object(json_expression) -%}
    coalesce(json_type({{ json_expression }}) = 'OBJECT', false)
{%- endmacro %}

{% macro postgres__json_is_object(json_expression) -%}
    coalesce(jsonb_typeof({{ json_expression }}) = 'object', false)
{%- endmacro %}
