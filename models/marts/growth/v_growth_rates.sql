{#- Weekly revenue and its growth rate over the previous week, weeks starting Monday (doc block `weekly_growth_rate`). -#}
with sales as (

    select * from {{ ref('sales_metrics_daily') }}
    where date <= {{ as_of_date() }}

),

weekly as (

    select
        cast({{ dbt.date_trunc('week', 'date') }} as date) as week_start,
        count(*) as days_in_week,
        sum(total_revenue) as total_revenue,
        sum(gross_sales) as gross_sales,
        sum(discounts) as discounts,
        sum(returns) as returns,
        sum(net_sales) as net_sales,
        sum(shipping_charges) as shipping_charges,
        sum(taxes) as taxes,
        sum(total_sales) as total_sales,
        sum(total_orders) as total_orders
    from sales
    group by cast({{ dbt.date_trunc('week', 'date') }} as date)

),

compared as (

    select
        *,
        lag(total_revenue) over (order by week_start) as previous_week_revenue,
        lag(total_orders) over (order by week_start) as previous_week_orders
    from weekly

)

select
    week_start,
    cast(total_revenue as numeric(18, 2)) as total_revenue,
    cast(gross_sales as numeric(18, 2)) as gross_sales,
    cast(discounts as numeric(18, 2)) as discounts,
    cast(returns as numeric(18, 2)) as returns,
    cast(net_sales as numeric(18, 2)) as net_sales,
    cast(shipping_charges as numeric(18, 2)) as shipping_charges,
    cast(taxes as numeric(18, 2)) as taxes,
    cast(total_sales as numeric(18, 2)) as total_sales,
    cast(total_orders as integer) as total_orders,
    cast(previous_week_revenue as numeric(18, 2)) as previous_week_revenue,
    {{ ratio('total_revenue - previous_week_revenue', 'previous_week_revenue', multiplier=100) }} as growth_rate_pct,
    {{ ratio('total_orders - previous_week_orders', 'previous_week_orders', multiplier=100) }} as orders_growth_pct,
    days_in_week < 7 as is_partial_week
from compared
