{#-
    Nothing is lost or counted twice across dates: the net sales of every
    business date of sales_metrics_daily, summed, equal the sum over the
    orders of each order's current net value, computed per order and not by
    date: 0 for an order cancelled by the as-of date, else its gross sales less
    discounts less the goods its refunds (dated by the as-of date) returned.
    Returns one row, with both sums, when they differ. A failure means the
    serving layer is wrong: severity error.
-#}
{{ config(severity='error', meta={'dagster': {'ref': {'name': 'sales_metrics_daily'}}}) }}

with orders as (

    select
        order_id,
        gross_sales - discounts as net_sale,
        coalesce(is_cancelled and cancellation_date <= {{ as_of_date() }}, false) as is_cancelled_by_as_of
    from {{ ref('int_orders__enriched') }}
    where is_sales_report_order
        and order_date <= {{ as_of_date() }}

),

refunded as (

    select
        order_id,
        sum(returns) as returns
    from {{ ref('int_refunds__enriched') }}
    where is_sales_report_order
        and refund_date <= {{ as_of_date() }}
    group by order_id

),

per_order as (

    select
        case
            when orders.is_cancelled_by_as_of then 0
            else orders.net_sale - coalesce(refunded.returns, 0)
        end as current_net_sales
    from orders
    left join refunded
        on orders.order_id = refunded.order_id

),

totals as (

    select
        (select coalesce(sum(net_sales), 0) from {{ ref('sales_metrics_daily') }}) as daily_net_sales,
        (select coalesce(sum(current_net_sales), 0) from per_order) as order_net_sales

)

select *
from totals
where daily_net_sales is distinct from order_net_sales
