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

fields as (

    select
        *,
        {{- json_fields('fulfillment_json', paths) }}
    from parsed {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast('id', 'bigint') }} as fulfillment_id,
        {{ try_cast('order_id', 'bigint') }} as order_id,
        {{ try_cast('location_id', 'bigint') }} as location_id,

        -- status
        lower(status) as status,
        lower(shipment_status) as shipment_status,

        -- descriptive
        service,
        tracking_company,
        tracking_number,

        -- timestamps (UTC)
        {{ try_cast('created_at', 'timestamptz') }} as created_at,
        {{ try_cast('updated_at', 'timestamptz') }} as updated_at,

        -- lineage
        version_count,
        event_id as source_event_id,
        received_at as source_received_at,

        -- units this fulfillment covers (the quantities of its line items)
        coalesce({{ json_array_sum('line_items', 'quantity', 'integer') }}, 0)
            as fulfilled_quantity
    from fields

)

select * from renamed
