{#- Remove `keys` at `path` from the landed payloads recorded for a request not applied yet. -#}
{% macro _scrub(landing, system, path, keys, log_table, applied_table) -%}
    update {{ landing }} as landed
    set payload = {{ json_remove_keys('payload', path, keys) }}
    where {{ json_object_at('payload', path.split('[].')[0] ~ '[]' if '[].' in path else path) }}
        and exists (
            select 1 from {{ log_table }} as redacted
            where redacted.source_system = '{{ system }}'
                and redacted.event_id = landed.event_id
                and redacted.received_at = landed.received_at
                and not exists (
                    select 1 from {{ applied_table }} as applied
                    where applied.event_id = redacted.redaction_event_id
                )
        )
{%- endmacro %}
