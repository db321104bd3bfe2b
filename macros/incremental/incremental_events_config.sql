{#-
    A webhook events model (stg_shopify__webhook_events,
    stg_chatwoot__webhook_events): keyed on `event_id`, watermark
    `received_at`, and on Postgres an index for the entity models' lookups.
-#}
{% macro incremental_events_config() -%}
    {{ delete_insert_config('event_id', [
        {'columns': ['event_id'], 'unique': true},
        {'columns': ['received_at']},
        {'columns': ['resource_type', 'resource_id']},
    ]) }}
{%- endmacro %}
