{#-
    One row per SKU over the trailing 30 business days ending at the as-of
    date (the seed's `_30d` columns): units, revenue and orders of counted
    orders, refunds, velocity and its tier. Every SKU sold in the window
    appears (so SKU revenue sums to the daily totals), and so does every live
    SKU that did not sell (tier `dead`).
-#}
{%- set window_days = 30 -%}

with velocity as (

    select * from {{ ref('int_sku__daily_velocity') }}
    where snapshot_date = {{ as_of_date() }}

),

window_sales as (

    select
        sku,
        sum(units) as units_sold,
        sum(revenue) as revenue
    from {{ ref('int_sku__daily_sales') }}
    where {{ in_trailing_window('sale_date', window_days) }}
    group by sku

),

window_orders as (

    select
        sku,
        count(distinct order_id) as orders
    from {{ ref('int_order_lines__enriched') }}
    where is_counted_order
        and {{ in_trailing_window('order_date', window_days) }}
    group by sku

),

window_refunds as (

    select
        sku,
        sum(quantity) as refunded_units,
        sum(subtotal) as refunds_amount
    from {{ ref('int_refund_lines__enriched') }}
    where is_counted_order
        and {{ in_trailing_window('refund_date', window_days) }}
    group by sku

),

products as (

    select
        product_id,
        title,
        category,
        subcategory
    from {{ ref('int_products__categorized') }}

),

final as (

    select
        velocity.sku,
        velocity.product_id as shopify_product_id,
        velocity.variant_id as shopify_variant_id,
        products.title as product_title,
        coalesce(products.category, 'Other') as category,
        coalesce(products.subcategory, 'Other') as subcategory,
        cast(coalesce(window_sales.units_sold, 0) as integer) as units_sold_30d,
        cast(coalesce(window_sales.revenue, 0) as numeric(18, 2)) as revenue_30d,
        cast(coalesce(window_orders.orders, 0) as integer) as orders_30d,
        cast(coalesce(window_refunds.refunded_units, 0) as integer) as refunded_units_30d,
        cast(coalesce(window_refunds.refunds_amount, 0) as numeric(18, 2)) as refunds_amount_30d,
        velocity.avg_daily_units,
        velocity.velocity_tier,
        cast(
            rank() over (order by coalesce(window_sales.revenue, 0) desc) as integer
        ) as revenue_rank,
        {{ trailing_window_start(window_days) }} as window_start_date,
        {{ as_of_date() }} as window_end_date
    from velocity
    left join window_sales
        on velocity.sku = window_sales.sku
    left join window_orders
        on velocity.sku = window_orders.sku
    left join window_refunds
        on velocity.sku = window_refunds.sku
    left join products
        on velocity.product_id = products.product_id

)

select * from final
