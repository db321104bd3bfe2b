{#- True when a JSON value is an object (a payload that can carry fields). -#}
{% macro json_is_object(json_expression) -%}
    {{ return(adapter.dispatch('json_is_object', 'hotrod_an')(json_expression)) }}
{%- endmacro %}

{% macro default__json_is_object(json_expression) -%}
    {{ exceptions.raise_compiler_error("json_is_object is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_is_object(json_expression) -%}
    {#- a JSON value is an object exactly when its text starts with `{` (DuckDB
        validates JSON when it is stored): no second parse of the document -#}
    coalesce(starts_with(ltrim(cast({{ json_expression }} as varchar), ' ' || chr(9) || chr(10) || chr(13)), '{'), false)
{%- endmacro %}

{% macro postgres__json_is_object(json_expression) -%}
    coalesce(jsonb_typeof({{ json_expression }}) = 'object', false)
{%- endmacro %}
