{#- Tile 1, sales pulse: the as-of date's sales KPIs in one row. -#}
with sales as (

    select * from {{ ref('sales_metrics_daily') }}
    where date = {{ as_of_date() }}

)

select
    date as "current_date",
    total_revenue,
    total_orders,
    avg_order_value,
    revenue_vs_last_week_pct,
    fulfillment_rate_pct,
    top_products,
    revenue_last_week,
    returns,
    net_sales,
    units_sold
from sales
