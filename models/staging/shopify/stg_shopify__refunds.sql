{%- set paths = [
    'id', 'order_id', 'created_at', 'processed_at', 'note', 'restock',
    'refund_line_items:json', 'transactions:json', 'order_adjustments:json', 'refund_shipping_lines:json',
    'total_duties_set.shop_money.amount', 'total_additional_fees_set.shop_money.amount',
] -%}

{{ config(
    materialized='incremental',
    unique_key='refund_id',
    indexes=postgres_indexes([{'columns': ['refund_id']}, {'columns': ['source_received_at']}]),
) }}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'refund') }}

),

parsed as (

    select
        event_id,
        received_at,
        {{ json_parse('payload', paths) }} as refund_json
    from latest {{ evaluate_once() }}

),

shipping as (

    select
        *,
        {{ json_path_sum(json_get('refund_json', 'refund_shipping_lines:json'), '[*].subtotal_amount_set.shop_money.amount') }}
            as shipping_lines_amount,
        {{ json_path_sum(json_get('refund_json', 'refund_shipping_lines:json'), '[*].tax_amount_set.shop_money.amount') }}
            as shipping_lines_tax,
        {{ json_array_sum(json_get('refund_json', 'order_adjustments:json'), 'amount',
            where_field='kind', where_value='shipping_refund') }} as shipping_adjustment_amount,
        {{ json_array_sum(json_get('refund_json', 'order_adjustments:json'), 'tax_amount',
            where_field='kind', where_value='shipping_refund') }} as shipping_adjustment_tax
    from parsed

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('refund_json', 'id'), 'bigint') }} as refund_id,
        {{ try_cast(json_get('refund_json', 'order_id'), 'bigint') }} as order_id,

        -- descriptive
        {{ json_get('refund_json', 'note') }} as note,
        coalesce({{ try_cast(json_get('refund_json', 'restock'), 'boolean') }}, false) as is_restock,

        -- shipping refunded, and its tax. Shopify describes one shipping refund twice: as refund shipping
        -- lines (newer API versions) and as an order adjustment of kind shipping_refund (a negative
        -- amount); the lines count when the refund has any, else the adjustments, never both
        coalesce(shipping_lines_amount, -shipping_adjustment_amount, 0) as shipping_refunded,
        case
            when shipping_lines_amount is not null then coalesce(shipping_lines_tax, 0)
            else coalesce(-shipping_adjustment_tax, 0)
        end as shipping_tax_refunded,
        coalesce(
            {{ try_cast(json_get('refund_json', 'total_duties_set.shop_money.amount'), 'numeric(18, 2)') }}, 0
        ) as duties_refunded,
        coalesce(
            {{ try_cast(json_get('refund_json', 'total_additional_fees_set.shop_money.amount'), 'numeric(18, 2)') }}, 0
        ) as additional_fees_refunded,

        -- timestamps (UTC); the refund's business date uses processed_at, else created_at
        {{ try_cast(json_get('refund_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('refund_json', 'processed_at'), 'timestamptz') }} as processed_at,

        -- nested documents, unnested by stg_shopify__refund_lines
        {{ json_get('refund_json', 'refund_line_items:json') }} as refund_line_items,
        {{ json_get('refund_json', 'transactions:json') }} as transactions,

        -- lineage
        event_id as source_event_id,
        received_at as source_received_at
    from shipping

)

select * from renamed
