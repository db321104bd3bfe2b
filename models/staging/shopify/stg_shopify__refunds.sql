{%- set paths = [
    'id', 'order_id', 'created_at', 'processed_at', 'note', 'restock',
    'refund_line_items:json', 'transactions:json',
] -%}

{{ incremental_entity_config('refund_id') }}

with latest as (

    {{ latest_versions('stg_shopify__webhook_events', 'refund') }}

),

parsed as (

    select
        event_id,
        received_at,
        {{ json_parse('payload', paths) }} as refund_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('refund_json', 'id'), 'bigint') }} as refund_id,
        {{ try_cast(json_get('refund_json', 'order_id'), 'bigint') }} as order_id,

        -- descriptive
        {{ json_get('refund_json', 'note') }} as note,
        coalesce({{ try_cast(json_get('refund_json', 'restock'), 'boolean') }}, false) as is_restock,

        -- timestamps (UTC); the refund's business date uses processed_at, else created_at
        {{ try_cast(json_get('refund_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('refund_json', 'processed_at'), 'timestamptz') }} as processed_at,

        -- nested documents, unnested by stg_shopify__refund_lines
        {{ json_get('refund_json', 'refund_line_items:json') }} as refund_line_items,
        {{ json_get('refund_json', 'transactions:json') }} as transactions,

        -- lineage
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
