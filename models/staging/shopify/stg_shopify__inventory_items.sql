{%- set paths = ['id', 'sku', 'cost', 'tracked', 'created_at', 'updated_at'] -%}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'inventory_item') }}

),

parsed as (

    select
        event_id,
        received_at,
        is_deleted,
        {{ json_parse('payload', paths) }} as item_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('item_json', 'id'), 'bigint') }} as inventory_item_id,
        nullif(trim({{ json_get('item_json', 'sku') }}), '') as sku,

        -- attributes
        {{ try_cast(json_get('item_json', 'cost'), 'numeric(18, 2)') }} as unit_cost,
        coalesce({{ try_cast(json_get('item_json', 'tracked'), 'boolean') }}, true) as is_tracked,

        -- timestamps (UTC)
        {{ try_cast(json_get('item_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('item_json', 'updated_at'), 'timestamptz') }} as updated_at,

        -- lineage
        is_deleted,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
