{#- A JSON array of strings as a text array (`varchar[]` / `text[]`); empty when not an array. -#}
{% macro json_text_array(json_expression) -%}
    {{ return(adapter.dispatch('json_text_array', 'hotrod_an')(json_expression)) }}
{%- endmacro %}

{% macro default__json_text_array(json_expression) -%}
    {{ exceptions.raise_compiler_error("json_text_array is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_text_array(json_expression) -%}
    coalesce(from_json({{ json_expression }}, '["VARCHAR"]'), cast([] as varchar[]))
{%- endmacro %}

{% macro postgres__json_text_array(json_expression) -%}
    array(
        select jsonb_array_elements_text(
            case when jsonb_typeof({{ json_expression }}) = 'array' then {{ json_expression }} else '[]'::jsonb end
        )
    )
{%- endmacro %}
