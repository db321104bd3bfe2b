{#-
    The de-duplication rule of every webhook entity, written once.

    From `events` (an events model: one classified row per event) it keeps,
    per resource id of `resource_type`, the latest valid version: the
    greatest `resource_updated_at` (the resource's own updated_at), ties
    broken by `received_at`, then `event_id`. Duplicate deliveries were
    collapsed on the event id and repeated content is flagged by the events
    model, so replaying the same events in any order gives the same result.
    A deletion event flags the entity (`is_deleted`, `deleted_at`) rather
    than dropping it; a deletion without any version leaves no row here and
    is counted by int_webhook_rejections.

    The ranking runs on the events model's narrow columns; the body of each
    winner comes from `deliveries` (`delivery_payloads`). Returns a select
    of: resource_id, event_id, received_at, resource_updated_at, the topic
    column, payload, version_count, deleted_at, is_deleted.

    In an incremental entity model (unique key = the entity id, a
    `source_received_at` column holding the winner's `received_at`), a run
    re-ranks every version of the ids with an event received at or after
    the newest version the model holds, so a late or out-of-order event gives
    the same row as a full refresh; and of the ids whose landed payloads a
    redaction scrubbed since (stg_privacy__redacted_deliveries), so the
    model re-reads them without the customer's personal data. Re-ranking an
    id twice is harmless.
-#}
{% macro latest_versions(events, deliveries, resource_type, topic_column='topic') -%}
    {#- referenced on every render, so that dbt knows the dependency (parsing renders no incremental branch) -#}
    {%- set redacted_deliveries = ref('stg_privacy__redacted_deliveries') -%}
    with
    {%- if is_incremental() %}
    changed as (
        select resource_id
        from {{ events }}
        where resource_type = '{{ resource_type }}'
            and received_at >= {{ incremental_watermark() }}
        union
        select events.resource_id
        from {{ events }} as events
        inner join {{ redacted_deliveries }} as redacted
            on events.event_id = redacted.event_id
        where events.resource_type = '{{ resource_type }}'
            and redacted.applied_at >= {{ incremental_watermark() }}
    ),
    {%- endif %}

    resource_events as (
        select
            resource_id,
            resource_updated_at,
            is_deletion,
            event_id,
            received_at,
            {{ topic_column }}
        from {{ events }}
        where resource_type = '{{ resource_type }}'
            and is_valid
            and not is_content_duplicate
        {%- if is_incremental() %}
            and resource_id in (select resource_id from changed)
        {%- endif %}
    ),

    versions as (
        select
            resource_id,
            resource_updated_at,
            event_id,
            received_at,
            {{ topic_column }},
            count(*) over (partition by resource_id) as version_count,
            row_number() over (
                partition by resource_id
                order by resource_updated_at desc, received_at desc, event_id desc
            ) as version_rank
        from resource_events
        where not is_deletion
    ),

    deletions as (
        select
            resource_id,
            min(received_at) as deleted_at
        from resource_events
        where is_deletion
        group by resource_id
    ),

    latest as (
        select * from versions
        where version_rank = 1
    ),

    bodies as (
        {{ delivery_payloads('latest', deliveries, topic_column) }}
    )

    select
        bodies.resource_id,
        bodies.event_id,
        bodies.received_at,
        bodies.resource_updated_at,
        bodies.{{ topic_column }},
        bodies.payload,
        bodies.version_count,
        deletions.deleted_at,
        deletions.deleted_at is not null as is_deleted
    from bodies
    left join deletions
        on bodies.resource_id = deletions.resource_id
{%- endmacro %}
