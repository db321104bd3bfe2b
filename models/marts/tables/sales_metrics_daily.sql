{#-
    One row per business date from the first order to the as-of date (days
    without orders included, with zeros), carrying the sales KPIs of that
    date. Every KPI is defined in a doc block; the rules live in macros.
    It reads the incremental daily sums (int_orders__daily,
    int_sku__daily_sales), a few rows per date, so it is rebuilt whole.
-#}
with daily_orders as (

    select * from {{ ref('int_orders__daily') }}
    where order_date <= {{ as_of_date() }}

),

sku_day as (

    select
        sale_date as order_date,
        sku,
        title,
        units,
        revenue
    from {{ ref('int_sku__daily_sales') }}
    where sale_date <= {{ as_of_date() }}

),

refund_lines as (

    select * from {{ ref('int_refund_lines__enriched') }}
    where is_counted_order
        and refund_date <= {{ as_of_date() }}

),

days as (

    {#- from the first plausible order (doc block implausible_timestamp): one dated in year 1 adds no row -#}
    {{ date_spine_days(
        "(select min(order_date) from " ~ ref('int_orders__daily')
            ~ " where order_date >= cast('" ~ var('shop_first_day') ~ "' as date))",
        as_of_date()
    ) }}

),

calendar as (

    select cast(date_day as date) as date_day from days

),

daily_units as (

    select
        order_date,
        sum(units) as units_sold
    from sku_day
    group by order_date

),

daily_refunds as (

    select
        refund_date,
        sum(subtotal) as refunds_amount
    from refund_lines
    group by refund_date

),

ranked_sku_day as (

    select
        *,
        row_number() over (partition by order_date order by revenue desc, sku asc) as revenue_rank
    from sku_day

),

top_products as (

    select
        order_date,
        {{ json_object_agg_array(['sku', 'title', 'units', 'revenue'], 'revenue_rank') }} as top_products
    from ranked_sku_day
    where revenue_rank <= 5
    group by order_date

),

combined as (

    select
        calendar.date_day,
        cast(coalesce(daily_orders.total_revenue, 0) as numeric(18, 2)) as total_revenue,
        cast(coalesce(daily_orders.total_orders, 0) as integer) as total_orders,
        cast(coalesce(daily_refunds.refunds_amount, 0) as numeric(18, 2)) as refunds_amount,
        cast(coalesce(daily_units.units_sold, 0) as integer) as units_sold,
        cast(coalesce(daily_orders.discounts_amount, 0) as numeric(18, 2)) as discounts_amount,
        cast(coalesce(daily_orders.shipping_amount, 0) as numeric(18, 2)) as shipping_amount,
        cast(coalesce(daily_orders.tax_amount, 0) as numeric(18, 2)) as tax_amount,
        cast(coalesce(daily_orders.new_customer_orders, 0) as integer) as new_customer_orders,
        cast(coalesce(daily_orders.repeat_customer_orders, 0) as integer) as repeat_customer_orders,
        cast(coalesce(daily_orders.fulfilled_orders, 0) as integer) as fulfilled_orders,
        cast(coalesce(daily_orders.cancelled_orders, 0) as integer) as cancelled_orders,
        cast(coalesce(daily_orders.test_orders, 0) as integer) as test_orders,
        coalesce(top_products.top_products, {{ json_empty_array() }}) as top_products
    from calendar
    left join daily_orders
        on calendar.date_day = daily_orders.order_date
    left join daily_units
        on calendar.date_day = daily_units.order_date
    left join daily_refunds
        on calendar.date_day = daily_refunds.refund_date
    left join top_products
        on calendar.date_day = top_products.order_date

),

windowed as (

    select
        *,
        lag(total_revenue, 7) over (order by date_day) as revenue_last_week,
        sum(fulfilled_orders) over (order by date_day rows between 6 preceding and current row) as fulfilled_orders_7d,
        sum(total_orders) over (order by date_day rows between 6 preceding and current row) as total_orders_7d
    from combined

),

final as (

    select
        date_day as date,
        total_revenue,
        total_orders,
        {{ ratio('total_revenue', 'total_orders') }} as avg_order_value,
        refunds_amount,
        cast(total_revenue - refunds_amount as numeric(18, 2)) as net_revenue,
        units_sold,
        discounts_amount,
        shipping_amount,
        tax_amount,
        new_customer_orders,
        repeat_customer_orders,
        cancelled_orders,
        test_orders,
        cast(revenue_last_week as numeric(18, 2)) as revenue_last_week,
        {{ ratio('total_revenue - revenue_last_week', 'revenue_last_week', multiplier=100) }} as revenue_vs_last_week_pct,
        cast(fulfilled_orders_7d as integer) as fulfilled_orders_7d,
        cast(total_orders_7d as integer) as total_orders_7d,
        {{ ratio('fulfilled_orders_7d', 'total_orders_7d', multiplier=100) }} as fulfillment_rate_pct,
        top_products
    from windowed

)

select * from final
