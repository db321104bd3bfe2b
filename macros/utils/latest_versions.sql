{#-
    The de-duplication rule of every webhook entity, written once.

    From a classified events model (stg_shopify__webhook_events or
    stg_chatwoot__webhook_events) it keeps, per resource id, the latest valid
    version: the greatest `resource_updated_at` (the resource's own
    updated_at), ties broken by `received_at`, then `event_id`. Exact
    duplicate deliveries were already collapsed on event_id and repeated
    content is skipped, so replaying the same events in any order gives the
    same result. A deletion event for the id flags the entity (`is_deleted`,
    `deleted_at`) rather than dropping it; a deletion without any version
    leaves no row here and is counted by int_webhook_rejections.

    Returns a select with: resource_id, event_id, received_at,
    resource_updated_at, payload, deleted_at, is_deleted, version_count.

    The ranking runs on narrow columns; the payload of each winner is read
    from the landing table (`first_delivery_payloads`). In an incremental
    entity model (unique key = the entity id, delete+insert, a
    `source_received_at` column holding the winner's received_at) only the
    changed ids are re-ranked.
-#}
{% macro latest_versions(events_model, resource_type) -%}
    with
    {%- if is_incremental() %}
    changed as (
        {{ changed_resource_ids(events_model, resource_type) }}
    ),
    {%- endif %}

    events as (
        select
            resource_id,
            resource_updated_at,
            is_deletion,
            {{ first_delivery_keys(events_model) }}
        from {{ ref(events_model) }}
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
            {{ first_delivery_keys(events_model) }},
            count(*) over (partition by resource_id) as version_count,
            row_number() over (
                partition by resource_id
                order by resource_updated_at desc, received_at desc, event_id desc
            ) as version_rank
        from events
        where not is_deletion
    ),

    deletions as (
        select
            resource_id,
            min(received_at) as deleted_at
        from events
        where is_deletion
        group by resource_id
    ),

    latest as (
        select * from versions
        where version_rank = 1
    ),

    bodies as (
        {{ first_delivery_payloads('latest', events_model) }}
    )

    select
        bodies.resource_id,
        bodies.event_id,
        bodies.received_at,
        bodies.resource_updated_at,
        bodies.payload,
        bodies.version_count,
        deletions.deleted_at,
        deletions.deleted_at is not null as is_deleted
    from bodies
    left join deletions
        on bodies.resource_id = deletions.resource_id
{%- endmacro %}


{#-
    On an incremental run of an entity model: the ids of `resource_type` with
    an event received at or after the newest version the model holds
    (`source_received_at`), and those whose landed payloads a redaction
    scrubbed since (`redacted_resource_ids`). Their every version is
    re-ranked, so a late or out-of-order event gives the same row as a full
    refresh, and a redacted customer's data leaves the model; re-ranking an
    id twice is harmless.
-#}
{% macro changed_resource_ids(events_model, resource_type) -%}
    {%- set watermark = incremental_watermark() -%}
    select resource_id
    from {{ ref(events_model) }}
    where resource_type = '{{ resource_type }}'
        and received_at >= {{ watermark }}
    union
    {{ redacted_resource_ids(events_model, resource_type, watermark) }}
{%- endmacro %}
