{#-
    Record in `log_table` the deliveries of `system` that `target_ctes` (CTEs
    ending in `targets`: event_id, received_at, redaction_event_id) name for
    the pending requests (`requests`: their CTEs), unless recorded already.
-#}
{% macro _record_targets(system, target_ctes, log_table, requests) -%}
    insert into {{ log_table }} (source_system, event_id, received_at, redaction_event_id, applied_at)
    with {{ requests }},

    {{ target_ctes }}

    select distinct
        '{{ system }}' as source_system,
        targets.event_id,
        targets.received_at,
        targets.redaction_event_id,
        {{ run_stamp() }} as applied_at
    from targets
    where not exists (
        select 1 from {{ log_table }} as recorded
        where recorded.source_system = '{{ system }}'
            and recorded.event_id = targets.event_id
            and recorded.received_at = targets.received_at
            and recorded.redaction_event_id = targets.redaction_event_id
    )
{%- endmacro %}
