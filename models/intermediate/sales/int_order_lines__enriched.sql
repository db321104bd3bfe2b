{#-
    Order lines with their order's business date and counted flag, the SKU
    they are reported under (doc block `line_sku`) and line revenue.
    Incremental (delete+insert on order_id, watermark `source_received_at`,
    the order's staged version): a run recomputes the lines of the orders
    with a version or a deletion received at or after the watermark, and of
    the orders with a line without a SKU (it falls back to the variant's,
    which may have changed). Every row a run writes carries its run stamp
    `loaded_at`, which int_sku__daily_lines reads its batch by.
-#}
-- depends_on: {{ ref('stg_shopify__orders') }}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['loaded_at']}]),
) }}

with
{%- if is_incremental() %}
    {%- set watermark = incremental_watermark('source_received_at') %}

    batch as (

        select order_id
        from {{ ref('stg_shopify__orders') }}
        where source_received_at >= {{ watermark }}
            or deleted_at >= {{ watermark }}
        union
        select order_id
        from {{ ref('stg_shopify__order_lines') }}
        where sku is null

    ),
{%- endif %}

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}
    {%- if is_incremental() %}
        where order_id in (select batch.order_id from batch)
    {%- endif %}

),

orders as (

    select
        order_id,
        customer_id,
        created_at,
        order_date,
        is_counted_order,
        source_received_at
    from {{ ref('int_orders__enriched') }}
    {%- if is_incremental() %}
        where order_id in (select batch.order_id from batch)
    {%- endif %}

),

variants as (

    select
        variant_id,
        sku
    from {{ ref('stg_shopify__product_variants') }}

),

joined as (

    select
        order_lines.order_line_id,
        order_lines.order_id,
        orders.customer_id,
        orders.created_at,
        orders.order_date,
        orders.is_counted_order,
        order_lines.product_id,
        order_lines.variant_id,
        {{ line_sku('order_lines.sku', 'variants.sku', 'order_lines.product_id', 'order_lines.variant_id',
            'order_lines.title') }} as sku,
        coalesce(order_lines.sku, variants.sku) is not null as has_sku,
        order_lines.title,
        order_lines.is_gift_card,
        order_lines.quantity,
        order_lines.price,
        order_lines.discount_amount,
        {{ line_revenue('order_lines.price', 'order_lines.quantity', 'order_lines.discount_amount') }} as line_revenue,
        orders.source_received_at,
        {{ run_stamp() }} as loaded_at
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    left join variants
        on order_lines.variant_id = variants.variant_id

)

select * from joined
