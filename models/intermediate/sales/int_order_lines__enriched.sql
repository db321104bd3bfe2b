{#-
    Order lines with their order's business date and counted flag, the SKU
    they are reported under (doc block `line_sku`) and line revenue.
    Incremental: a run recomputes the lines of the orders
    int_orders__enriched rewrote since, and of the orders with a line
    without a SKU (it falls back to the variant's, which may have changed).
-#}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['loaded_at']}]),
) }}

with
{%- if is_incremental() %}

batch as (

    select order_id
    from {{ ref('int_orders__enriched') }}
    where loaded_at > {{ incremental_watermark('loaded_at') }}
    union
    select order_id
    from {{ ref('stg_shopify__order_lines') }}
    where sku is null

),
{%- endif %}

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}
    {%- if is_incremental() %}
    where order_id in (select order_id from batch)
    {%- endif %}

),

orders as (

    select
        order_id,
        customer_id,
        created_at,
        order_date,
        is_counted_order
    from {{ ref('int_orders__enriched') }}
    {%- if is_incremental() %}
    where order_id in (select order_id from batch)
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
        {{ run_stamp() }} as loaded_at
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    left join variants
        on order_lines.variant_id = variants.variant_id

)

select * from joined
