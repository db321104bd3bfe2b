{#- The column type of a JSON document: `json` on DuckDB, `jsonb` on Postgres. -#}
{% macro json_type() -%}
    {{ return(adapter.dispatch('json_type', 'hotrod_an')()) }}
{%- endmacro %}

{% macro default__json_type() -%}
    {{ exceptions.raise_compiler_error("json_type is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_type() -%}json{%- endmacro %}

{% macro postgres__json_type() -%}jsonb{%- endmacro %}
