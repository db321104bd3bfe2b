{#-
    The current inventory level of each inventory item at each location: the
    latest of its versions in stg_shopify__inventory_level_changes (which
    parses every level payload once), by the rule of every webhook entity
    (`latest_versions`: the greatest `updated_at`, then `received_at`, then
    the event id), flagged when a deletion arrived.
-#}
with changes as (

    select * from {{ ref('stg_shopify__inventory_level_changes') }}

),

ranked as (

    select
        *,
        cast(inventory_item_id as varchar) || ':' || cast(location_id as varchar) as inventory_level_id,
        row_number() over (
            partition by inventory_item_id, location_id
            order by updated_at desc, source_received_at desc, inventory_level_change_id desc
        ) as version_rank
    from changes

),

deletions as (

    select
        resource_id as inventory_level_id,
        min(received_at) as deleted_at
    from {{ ref('stg_shopify__webhook_events') }}
    where resource_type = 'inventory_level'
        and is_deletion
        and is_valid
    group by resource_id

),

renamed as (

    select
        -- ids: one level per inventory item and location
        ranked.inventory_level_id,
        ranked.inventory_item_id,
        ranked.location_id,

        -- quantity (may be negative when oversold)
        ranked.available,

        -- timestamps (UTC)
        ranked.updated_at,

        -- lineage
        deletions.deleted_at is not null as is_deleted,
        ranked.inventory_level_change_id as source_event_id,
        ranked.source_received_at
    from ranked
    left join deletions
        on ranked.inventory_level_id = deletions.inventory_level_id
    where ranked.version_rank = 1

)

select * from renamed
