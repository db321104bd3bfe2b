{#-
    on-run-end: the operator may use the schemas of the serving layer as
    published (`serving_schema_names()`: the target schema, `quality`,
    `reference`), once per run; granting it from every relation's hook would
    race on the schema's catalog row. They are created when missing, so that
    scripts/build_prod's publish step (which moves relations into them) finds
    them with their grants. The operator gets nothing on the build schemas
    (`__build`), which it therefore cannot read.
-#}
{% macro grant_serving_schemas() -%}
    {%- if target.type == 'postgres' -%}
        {%- for schema in serving_schema_names() %}
    create schema if not exists {{ schema }};
    grant usage on schema {{ schema }} to {{ var("operator_role") }};
    revoke create on schema {{ schema }} from {{ var("operator_role") }};
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}
