{#-
    The landed deliveries `events_model` stages from its landing table
    (`webhook_landing`): all of them on a full build; on an incremental run,
    every delivery of the events with a delivery received since the
    watermark, picked by `landed_batch_key`.
-#}
{% macro webhook_landed_batch(events_model) -%}
    {%- set source_relation = webhook_landing(events_model).relation -%}
    select *
    from {{ source_relation }}
    {%- if is_incremental() %}
    {%- set key = landed_batch_key(source_relation) | trim %}
    {%- set batch_event_ids -%}
        select event_id
        from {{ source_relation }}
        where received_at >= {{ incremental_watermark('received_at') }}
    {%- endset %}
    {%- if key == 'event_id' %}
    where event_id in (
        {{ batch_event_ids }}
    )
    {%- else %}
    where {{ key }} in (
        select {{ key }}
        from {{ source_relation }}
        where event_id in (
            {{ batch_event_ids }}
        )
    )
    {%- endif %}
    {%- endif %}
{%- endmacro %}
