{#- The schemas the dashboard reads, as published: the target schema and the var `published_schemas`. -#}
{% macro serving_schema_names() -%}
    {{ return([target.schema] + var('published_schemas')) }}
{%- endmacro %}
