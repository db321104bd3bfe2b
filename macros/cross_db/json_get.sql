{#-
    Read one field, as text (or as JSON for a `:json` path), from a document
    parsed with `json_parse`. `path` is dotted (`customer.id`).
-#}
{% macro json_get(parsed, path) -%}
    {{ return(adapter.dispatch('json_get', 'hotrod_an')(parsed, path)) }}
{%- endmacro %}

{% macro default__json_get(parsed, path) -%}
    {{ exceptions.raise_compiler_error("json_get is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_get(parsed, path) -%}
    {%- set parts = path.replace(':json', '').split('.') -%}
    ({{ parsed }}){% for part in parts %}."{{ part }}"{% endfor %}
{%- endmacro %}

{% macro postgres__json_get(parsed, path) -%}
    {%- set parts = path.replace(':json', '').split('.') -%}
    {%- if path.endswith(':json') -%}
        ({{ parsed }} #> '{{ "{" ~ parts | join(",") ~ "}" }}')
    {%- else -%}
        ({{ parsed }} #>> '{{ "{" ~ parts | join(",") ~ "}" }}')
    {%- endif -%}
{%- endmacro %}
