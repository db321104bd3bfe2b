{#-
    Every webhook event that could not be used, from both sources, with its
    reason, plus deletions of entities never received. Nothing is dropped
    silently: v_data_quality_checks counts these.
-#}
with shopify as (

    select
        'shopify' as source_system,
        event_id,
        topic,
        received_at,
        rejection_reason
    from {{ ref('stg_shopify__webhook_events') }}
    where not is_valid

),

chatwoot as (

    select
        'chatwoot' as source_system,
        event_id,
        event as topic,
        received_at,
        rejection_reason
    from {{ ref('stg_chatwoot__webhook_events') }}
    where not is_valid

),

deletions as (

    select
        resource_type,
        resource_id,
        event_id,
        topic,
        received_at
    from {{ ref('stg_shopify__webhook_events') }}
    where is_valid
        and is_deletion

),

versions as (

    {#- only the ids that have a deletion: a handful, not every entity #}
    select distinct
        resource_type,
        resource_id
    from {{ ref('stg_shopify__webhook_events') }}
    where is_valid
        and not is_deletion
        and resource_id in (select deletions.resource_id from deletions)

),

orphan_deletions as (

    select
        'shopify' as source_system,
        deletions.event_id,
        deletions.topic,
        deletions.received_at,
        'deletion of an entity never received' as rejection_reason
    from deletions
    left join versions
        on deletions.resource_type = versions.resource_type
            and deletions.resource_id = versions.resource_id
    where versions.resource_id is null

)

select * from shopify
union all
select * from chatwoot
union all
select * from orphan_deletions
