{#- Export: every SKU's 30-day performance with its current stock position. -#}
with skus as (

    select * from {{ ref('sku_performance') }}

),

stock as (

    select * from {{ ref('inventory_snapshots') }}
    where snapshot_date = {{ as_of_date() }}

)

select
    skus.sku,
    skus.shopify_product_id,
    skus.product_title,
    skus.category,
    skus.subcategory,
    skus.units_sold_30d,
    skus.revenue_30d,
    skus.orders_30d,
    skus.refunds_amount_30d,
    skus.avg_daily_units,
    skus.velocity_tier,
    skus.revenue_rank,
    stock.quantity_available,
    stock.days_of_cover,
    stock.stock_status,
    stock.projected_stockout_date,
    skus.window_start_date,
    skus.window_end_date
from skus
left join stock
    on skus.sku = stock.sku
