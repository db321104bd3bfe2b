{#- Daily revenue over the 30 business days ending at the as-of date, with a trailing 7-day average. -#}
with sales as (

    select * from {{ ref('sales_metrics_daily') }}
    where {{ in_trailing_window('date', 36) }}
        and date <= {{ as_of_date() }}

),

smoothed as (

    select
        *,
        sum(total_revenue) over (order by date rows between 6 preceding and current row) as revenue_trailing_7d
    from sales

)

select
    date,
    total_revenue,
    gross_sales,
    discounts,
    returns,
    net_sales,
    shipping_charges,
    taxes,
    total_sales,
    total_orders,
    avg_order_value,
    {{ ratio('revenue_trailing_7d', 7) }} as revenue_7d_avg,
    revenue_vs_last_week_pct,
    units_sold
from smoothed
where {{ in_trailing_window('date', 30) }}
