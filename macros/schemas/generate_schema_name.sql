{#-
    Custom schemas are used as named (`staging`, `intermediate`, `reference`),
    not prefixed with the target schema: the serving layer lives in the target
    schema (`main` on DuckDB, `public` on Postgres) with the seed's names, so a
    dashboard written against the seed reads it unchanged.

    Write-audit-publish (docs/production.md): when the environment variable
    HOTROD_BUILD_SCHEMA_SUFFIX is set (scripts/build_prod sets `__build`), the
    schemas of the serving layer (`serving_schema_names()`: the target schema
    and the var `published_schemas`) get that suffix, so that the build writes
    where the dashboard does not read; the publish step then moves the
    relations into the unsuffixed schemas. Staging and intermediate models,
    among them every incremental model, keep their schemas and their state.
    A tile refresh (suffix `__refresh`, docs/production.md) writes models
    only: it reads the seeds where they are published.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set schema = target.schema if custom_schema_name is none else custom_schema_name | trim -%}
    {%- if is_refresh() and node.resource_type == 'seed' -%}
        {{ schema }}
    {%- elif schema in serving_schema_names() -%}
        {{ schema ~ env_var('HOTROD_BUILD_SCHEMA_SUFFIX', '') }}
    {%- else -%}
        {{ schema }}
    {%- endif -%}
{%- endmacro %}
