{#-
    One row per business date from the first order to the as-of date (days
    without orders included, with zeros), carrying the sales KPIs of that
    date and Shopify's Sales report for it (doc block `sales_report`): sales
    on the order's date, returns on the refund's or the cancellation's.
    Every KPI is defined in a doc block; the rules live in the intermediate
    models and macros. It reads daily sums (int_orders__daily,
    int_sku__daily_sales over the incremental int_sku__daily_lines,
    int_returns__daily), a few rows per date, so it is rebuilt whole.
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
    {{ in_refresh('sale_date', 'int_refresh__dates', 'business_date', keyword='and') }}

),

daily_returns as (

    select * from {{ ref('int_returns__daily') }}
    where return_date <= {{ as_of_date() }}

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
        cast(coalesce(daily_orders.gross_sales, 0) as numeric(18, 2)) as gross_sales,
        cast(coalesce(daily_orders.discounts, 0) as numeric(18, 2)) as discounts,
        cast(coalesce(daily_returns.returns, 0) as numeric(18, 2)) as returns,
        cast(coalesce(daily_orders.shipping_charges, 0) - coalesce(daily_returns.shipping_refunded, 0) as numeric(18, 2))
            as shipping_charges,
        cast(coalesce(daily_orders.taxes, 0) - coalesce(daily_returns.taxes_refunded, 0) as numeric(18, 2)) as taxes,
        cast(coalesce(daily_orders.duties, 0) - coalesce(daily_returns.duties_refunded, 0) as numeric(18, 2)) as duties,
        cast(
            coalesce(daily_orders.additional_fees, 0) - coalesce(daily_returns.additional_fees_refunded, 0)
            as numeric(18, 2)
        ) as additional_fees,
        cast(coalesce(daily_orders.sales_total, 0) - coalesce(daily_returns.returned_total, 0) as numeric(18, 2))
            as total_sales,
        cast(coalesce(daily_units.units_sold, 0) as integer) as units_sold,
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
    left join daily_returns
        on calendar.date_day = daily_returns.return_date
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
        gross_sales,
        discounts,
        returns,
        cast(gross_sales - discounts - returns as numeric(18, 2)) as net_sales,
        shipping_charges,
        taxes,
        duties,
        additional_fees,
        -- summed from each sale's and each return's total: the identity
        -- total_sales = net_sales + shipping_charges + taxes + duties + additional_fees (a test) checks
        -- that every component reached its column
        total_sales,
        units_sold,
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
{# a refresh recomputes its dates: the windows above read every date's orders, the rest only its own #}
{{ in_refresh('date', 'int_refresh__dates', 'business_date') }}
