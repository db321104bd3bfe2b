{#-
    On an incremental run of an entity model: the ids of `resource_type`
    whose landed payloads a redaction scrubbed (`apply_redactions`, recorded
    in the source `privacy.redacted_deliveries`) at or after `since`, the
    model's watermark. The model re-ranks them as it does the ids with new
    events, so it re-reads their scrubbed payloads and its rows lose the
    customer's personal data too; re-ranking an id again is harmless.
-#}
{% macro redacted_resource_ids(events_model, resource_type, since) -%}
    select events.resource_id
    from {{ ref(events_model) }} as events
    inner join {{ source('privacy', 'redacted_deliveries') }} as redacted
        on events.event_id = redacted.event_id
    where events.resource_type = '{{ resource_type }}'
        and redacted.source_system = '{{ webhook_landing(events_model).system }}'
        and redacted.applied_at >= {{ since }}
{%- endmacro %}
