{#-
    On an incremental run of an entity model: the ids of `resource_type` with
    an event received at or after the newest version the model holds
    (`source_received_at`). Their every version is re-ranked, so a late or
    out-of-order event gives the same row as a full refresh; re-ranking an id
    twice is harmless.
-#}
{% macro changed_resource_ids(events_model, resource_type) -%}
    select resource_id
    from {{ ref(events_model) }}
    where resource_type = '{{ resource_type }}'
        and received_at >= {{ incremental_watermark() }}
{%- endmacro %}
