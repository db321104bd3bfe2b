{%- set paths = [
    'id', 'product_id', 'variant_id', 'sku', 'title', 'variant_title', 'vendor',
    'quantity', 'current_quantity', 'price', 'total_discount', 'discount_allocations:json', 'tax_lines:json', 'gift_card',
    'fulfillment_status',
] -%}

{#-
    Incremental with its parent: the lines of every order staged at or after
    the newest one seen (`source_received_at`) are replaced (delete+insert on
    `order_id`). A new version replaces all the lines of its parent (Shopify always
    sends the whole array).
-#}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['source_received_at']}]),
) }}

with orders as (

    select
        order_id,
        line_items,
        source_received_at
    from {{ ref('stg_shopify__orders') }}
    {%- if is_incremental() %}
        where source_received_at >= {{ incremental_watermark() }}
    {%- endif %}

),

unnested as (

    select
        order_id,
        source_received_at,
        {{ json_array_elements('line_items') }} as line_item
    from orders

),

parsed as (

    select
        order_id,
        source_received_at,
        {{ json_parse('line_item', paths) }} as line_json
    from unnested {{ evaluate_once() }}

),

fields as (

    select
        *,
        {{- json_fields('line_json', paths) }}
    from parsed {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast('id', 'bigint') }} as order_line_id,
        order_id,
        {{ try_cast('product_id', 'bigint') }} as product_id,
        {{ try_cast('variant_id', 'bigint') }} as variant_id,
        nullif(trim(sku), '') as sku,

        -- descriptive
        title,
        variant_title,
        vendor,
        lower(coalesce(fulfillment_status, 'unfulfilled')) as fulfillment_status,
        -- a gift card sold is a liability, not a sale (Shopify's Sales report leaves it out)
        coalesce({{ try_cast('gift_card', 'boolean') }}, false) as is_gift_card,

        -- quantities and money: the line's discount is the sum of its discount
        -- allocations (Shopify's current field), else the deprecated total_discount
        {{ try_cast('quantity', 'integer') }} as quantity,
        -- the quantity less what was refunded or removed (Shopify's current_quantity; else quantity)
        coalesce(
            {{ try_cast('current_quantity', 'integer') }},
            {{ try_cast('quantity', 'integer') }}
        ) as current_quantity,
        {{ try_cast('price', 'numeric(18, 2)') }} as price,
        coalesce(
            {{ json_array_sum('discount_allocations', 'amount') }},
            {{ try_cast('total_discount', 'numeric(18, 2)') }},
            0
        ) as discount_amount,
        coalesce({{ json_array_sum('tax_lines', 'price') }}, 0) as tax_amount,

        -- lineage: the parent version's arrival (the incremental watermark)
        source_received_at
    from fields

)

select * from renamed
