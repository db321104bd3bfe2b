{%- set paths = [
    'id', 'order_id', 'status', 'shipment_status', 'service', 'tracking_company',
    'tracking_number', 'location_id', 'created_at', 'updated_at', 'line_items:json',
] -%}

{{ config(
    materialized='incremental',
    unique_key='fulfillment_id',
    indexes=postgres_indexes([{'columns': ['fulfillment_id']}, {'columns': ['source_received_at']}]),
) }}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'fulfillment') }}

),

parsed as (

    select
        event_id,
        received_at,
        version_count,
        {{ json_parse('payload', paths) }} as fulfillment_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('fulfillment_json', 'id'), 'bigint') }} as fulfillment_id,
        {{ try_cast(json_get('fulfillment_json', 'order_id'), 'bigint') }} as order_id,
        {{ try_cast(json_get('fulfillment_json', 'location_id'), 'bigint') }} as location_id,

        -- status
        lower({{ json_get('fulfillment_json', 'status') }}) as status,
        lower({{ json_get('fulfillment_json', 'shipment_status') }}) as shipment_status,

        -- descriptive
        {{ json_get('fulfillment_json', 'service') }} as service,
        {{ json_get('fulfillment_json', 'tracking_company') }} as tracking_company,
        {{ json_get('fulfillment_json', 'tracking_number') }} as tracking_number,

        -- timestamps (UTC)
        {{ try_cast(json_get('fulfillment_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('fulfillment_json', 'updated_at'), 'timestamptz') }} as updated_at,

        -- lineage
        version_count,
        event_id as source_event_id,
        received_at as source_received_at,

        -- units this fulfillment covers (the quantities of its line items)
        coalesce({{ json_array_sum(json_get('fulfillment_json', 'line_items:json'), 'quantity', 'integer') }}, 0)
            as fulfilled_quantity
    from parsed

)

select * from renamed
