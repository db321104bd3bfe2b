{#-
    Custom schemas are used as named (`staging`, `intermediate`, `reference`),
    not prefixed with the target schema: the serving layer lives in the target
    schema (`main` on DuckDB, `public` on Postgres) with the seed's names, so a
    dashboard written against the seed reads it unchanged.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
