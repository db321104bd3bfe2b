{%- set paths = ['inventory_item_id', 'location_id', 'available', 'updated_at'] -%}

with latest as (

    {{ latest_versions('stg_shopify__webhook_events', 'inventory_level') }}

),

parsed as (

    select
        resource_id,
        event_id,
        received_at,
        is_deleted,
        {{ json_parse('payload', paths) }} as level_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids: one level per inventory item and location
        resource_id as inventory_level_id,
        {{ try_cast(json_get('level_json', 'inventory_item_id'), 'bigint') }} as inventory_item_id,
        {{ try_cast(json_get('level_json', 'location_id'), 'bigint') }} as location_id,

        -- quantity (may be negative when oversold)
        {{ try_cast(json_get('level_json', 'available'), 'integer') }} as available,

        -- timestamps (UTC)
        {{ try_cast(json_get('level_json', 'updated_at'), 'timestamptz') }} as updated_at,

        -- lineage
        is_deleted,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
