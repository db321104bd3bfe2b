{#- Incremental models: their configurations and watermark, written once. -#}

{#-
    The configuration every incremental model shares, written once:
    delete+insert on `unique_key`, a schema change fails the run, and on
    Postgres the given indexes (the delete's key, the next run's watermark).
-#}
{% macro delete_insert_config(unique_key, postgres_indexes, pre_hook=[]) -%}
    {{ config(
        materialized='incremental',
        unique_key=unique_key,
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook=pre_hook,
        indexes=postgres_indexes if target.type == 'postgres' else [],
    ) }}
{%- endmacro %}
