{%- set paths = [
    'id', 'line_item_id', 'quantity', 'restock_type', 'subtotal', 'total_tax',
    'line_item.sku', 'line_item.product_id', 'line_item.variant_id', 'line_item.title', 'line_item.gift_card',
] -%}

{#-
    Incremental with its parent: the lines of every refund staged at or after
    the newest one seen (`source_received_at`) are replaced (delete+insert on
    `refund_id`). A new version replaces all the lines of its parent (Shopify always
    sends the whole array).
-#}
{{ config(
    materialized='incremental',
    unique_key='refund_id',
    indexes=postgres_indexes([{'columns': ['refund_id']}, {'columns': ['source_received_at']}]),
) }}

with refunds as (

    select
        refund_id,
        order_id,
        refund_line_items,
        source_received_at
    from {{ ref('stg_shopify__refunds') }}
    {%- if is_incremental() %}
        where source_received_at >= {{ incremental_watermark() }}
    {%- endif %}

),

unnested as (

    select
        refund_id,
        order_id,
        source_received_at,
        {{ json_array_elements('refund_line_items') }} as refund_line
    from refunds

),

parsed as (

    select
        refund_id,
        order_id,
        source_received_at,
        {{ json_parse('refund_line', paths) }} as line_json
    from unnested {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('line_json', 'id'), 'bigint') }} as refund_line_id,
        refund_id,
        order_id,
        {{ try_cast(json_get('line_json', 'line_item_id'), 'bigint') }} as order_line_id,
        {{ try_cast(json_get('line_json', 'line_item.product_id'), 'bigint') }} as product_id,
        {{ try_cast(json_get('line_json', 'line_item.variant_id'), 'bigint') }} as variant_id,
        nullif(trim({{ json_get('line_json', 'line_item.sku') }}), '') as sku,

        -- descriptive
        lower({{ json_get('line_json', 'restock_type') }}) as restock_type,
        {{ json_get('line_json', 'line_item.title') }} as title,
        -- null when the refund does not repeat its line item (then the order line's flag applies)
        {{ try_cast(json_get('line_json', 'line_item.gift_card'), 'boolean') }} as is_gift_card,

        -- quantities and money (Shopify sends these two as JSON numbers)
        {{ try_cast(json_get('line_json', 'quantity'), 'integer') }} as quantity,
        {{ try_cast(json_get('line_json', 'subtotal'), 'numeric(18, 2)') }} as subtotal,
        coalesce({{ try_cast(json_get('line_json', 'total_tax'), 'numeric(18, 2)') }}, 0) as total_tax,

        -- lineage: the parent version's arrival (the incremental watermark)
        source_received_at
    from parsed

)

select * from renamed
