{#-
    Set-returning: one row per element of a JSON array (as JSON values), for
    use in a select list. Anything that is not an array yields no rows, never
    an error (a malformed payload is counted by staging, not fatal).
-#}
{% macro json_array_elements(json_expression) -%}
    {{ return(adapter.dispatch('json_array_elements', 'hotrod_an')(json_expression)) }}
{%- endmacro %}

{% macro default__json_array_elements(json_expression) -%}
    {{ exceptions.raise_compiler_error("json_array_elements is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_array_elements(json_expression) -%}
    unnest(from_json({{ json_expression }}, '["JSON"]'))
{%- endmacro %}

{% macro postgres__json_array_elements(json_expression) -%}
    jsonb_array_elements(
        case when jsonb_typeof({{ json_expression }}) = 'array' then {{ json_expression }} else '[]'::jsonb end
    )
{%- endmacro %}
