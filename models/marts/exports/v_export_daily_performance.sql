{#- Export: every business date's sales KPIs (scripts/export writes it to CSV and Parquet). -#}
with sales as (

    select * from {{ ref('sales_metrics_daily') }}

)

select
    date,
    total_revenue,
    refunds_amount,
    net_revenue,
    total_orders,
    avg_order_value,
    units_sold,
    discounts_amount,
    shipping_amount,
    tax_amount,
    new_customer_orders,
    repeat_customer_orders,
    cancelled_orders,
    test_orders,
    revenue_vs_last_week_pct,
    fulfillment_rate_pct
from sales
