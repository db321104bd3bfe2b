{#- Export: every business date's sales KPIs (scripts/export writes it to CSV and Parquet). -#}
with sales as (

    select * from {{ ref('sales_metrics_daily') }}

)

select
    date,
    total_revenue,
    total_orders,
    avg_order_value,
    gross_sales,
    discounts,
    returns,
    net_sales,
    shipping_charges,
    taxes,
    duties,
    additional_fees,
    total_sales,
    units_sold,
    new_customer_orders,
    repeat_customer_orders,
    cancelled_orders,
    test_orders,
    revenue_vs_last_week_pct,
    fulfillment_rate_pct
from sales
