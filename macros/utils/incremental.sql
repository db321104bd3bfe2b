{#- Incremental models: their configurations and watermark, written once. -#}

{#-
    The configuration of an incremental entity model (and of the line models
    that follow one), written once: delete+insert on the key; on Postgres an
    index on the key (the delete) and on `source_received_at` (the next run's
    watermark).
-#}
{% macro incremental_entity_config(unique_key) -%}
    {{ config(
        materialized='incremental',
        unique_key=unique_key,
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[
            {'columns': [unique_key]},
            {'columns': ['source_received_at']},
        ] if target.type == 'postgres' else [],
    ) }}
{%- endmacro %}


{#-
    The newest `column` an incremental model holds: the next run processes
    rows at or after it (a row at the watermark is processed again, which
    delete+insert makes harmless). 1900-01-01 while the model is empty.
-#}
{% macro incremental_watermark(column='source_received_at') -%}
    (
        select coalesce(max({{ column }}), {{ dbt.cast("'1900-01-01'", api.Column.translate_type('timestamp')) }})
        from {{ this }}
    )
{%- endmacro %}


{#-
    The configuration of a webhook events model (stg_shopify__webhook_events,
    stg_chatwoot__webhook_events): delete+insert on `event_id`; on Postgres
    indexes for the delete, the watermark and the entity models' lookups.
-#}
{% macro incremental_events_config() -%}
    {{ config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        indexes=[
            {'columns': ['event_id'], 'unique': true},
            {'columns': ['received_at']},
            {'columns': ['resource_type', 'resource_id']},
        ] if target.type == 'postgres' else [],
    ) }}
{%- endmacro %}
