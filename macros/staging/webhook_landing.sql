{#-
    The steps every webhook events model shares (stg_shopify__webhook_events,
    stg_chatwoot__webhook_events), written once.

    Both models are incremental on `event_id` (delete+insert): a run reads only
    the deliveries of events that have a delivery received at or after the
    latest `received_at` already staged (all deliveries of those events, so a
    late retry of an old event updates its delivery count). Deliveries landed
    with an older `received_at` than the last build (a backfill of captured
    files) are found by the test `landed_events_are_staged`, which names the
    full-refresh command that picks them up.

    The events models are narrow: they never copy a payload. The payload is
    parsed once into the columns the classification needs, and a model that
    needs the body of an event reads it from the landing table, by the first
    delivery's `event_id` and `received_at` (`first_delivery_payloads`). At
    1,000,000 orders that leaves 5 GB of payloads where they landed instead of
    writing them a second time.
-#}

{#-
    The landing table of an events model, its topic column, and the order
    that picks the first delivery of an event (the delivery whose payload
    counts).
-#}
{% macro webhook_landing(events_model) -%}
    {%- if events_model == 'stg_shopify__webhook_events' -%}
        {{ return({'relation': source('raw_shopify', 'webhook_events'), 'topic': 'topic', 'delivery_order': ['received_at', 'webhook_id']}) }}
    {%- elif events_model == 'stg_chatwoot__webhook_events' -%}
        {{ return({'relation': source('raw_chatwoot', 'webhook_events'), 'topic': 'event', 'delivery_order': ['received_at']}) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("webhook_landing: no landing table is known for " ~ events_model) }}
    {%- endif -%}
{%- endmacro %}
