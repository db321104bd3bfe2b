{#-
    What Shopify's Sales report returns per business date (doc block
    `sales_report`): every refund on its date (int_refunds__enriched), and
    every cancelled order on its cancellation date for whatever of its sale
    no refund has returned (the goods, shipping, taxes, duties and fees
    still standing), so that a cancelled order nets to zero over its dates.
    Only orders that count in the Sales report (not test, not deleted).

    Refunds and cancellations are a few percent of orders: the table is
    rebuilt whole on every run, so a refund or a cancellation that arrives
    weeks after its order restates the dates it touches (the refund's, the
    cancellation's) at once, exactly as a full refresh would.
-#}
{{ refresh_restricted_config() }}

with refunds as (

    select * from {{ ref('int_refunds__enriched') }}
    where is_sales_report_order

),

cancelled_orders as (

    select
        order_id,
        cancellation_date,
        gross_sales - discounts as net_sale,
        shipping_charges,
        taxes,
        duties,
        additional_fees
    from {{ ref('int_orders__enriched') }}
    where is_sales_report_order
        and is_cancelled
    {{ in_refresh('cancellation_date', 'int_refresh__dates', 'business_date', keyword='and') }}

),

refunded_per_order as (

    select
        refunds.order_id,
        sum(refunds.returns) as returns,
        sum(refunds.shipping_refunded) as shipping_refunded,
        sum(refunds.taxes_refunded) as taxes_refunded,
        sum(refunds.duties_refunded) as duties_refunded,
        sum(refunds.additional_fees_refunded) as additional_fees_refunded
    from refunds
    inner join cancelled_orders
        on refunds.order_id = cancelled_orders.order_id
    group by refunds.order_id

),

cancellation_returns as (

    select
        cancelled_orders.cancellation_date as return_date,
        cancelled_orders.net_sale - coalesce(refunded_per_order.returns, 0) as returns,
        cancelled_orders.shipping_charges - coalesce(refunded_per_order.shipping_refunded, 0) as shipping_refunded,
        cancelled_orders.taxes - coalesce(refunded_per_order.taxes_refunded, 0) as taxes_refunded,
        cancelled_orders.duties - coalesce(refunded_per_order.duties_refunded, 0) as duties_refunded,
        cancelled_orders.additional_fees - coalesce(refunded_per_order.additional_fees_refunded, 0)
            as additional_fees_refunded
    from cancelled_orders
    left join refunded_per_order
        on cancelled_orders.order_id = refunded_per_order.order_id

),

all_returns as (

    select
        refund_date as return_date,
        returns,
        shipping_refunded,
        taxes_refunded,
        duties_refunded,
        additional_fees_refunded
    from refunds

    union all

    select * from cancellation_returns

),

daily as (

    select
        return_date,
        cast(sum(returns) as numeric(18, 2)) as returns,
        cast(sum(shipping_refunded) as numeric(18, 2)) as shipping_refunded,
        cast(sum(taxes_refunded) as numeric(18, 2)) as taxes_refunded,
        cast(sum(duties_refunded) as numeric(18, 2)) as duties_refunded,
        cast(sum(additional_fees_refunded) as numeric(18, 2)) as additional_fees_refunded,
        -- each return as one figure, summed: total_sales's second path (see sales_metrics_daily)
        cast(
            sum(returns + shipping_refunded + taxes_refunded + duties_refunded + additional_fees_refunded)
            as numeric(18, 2)
        ) as returned_total
    from all_returns
    {# on a refresh, only its own dates have all their refunds (int_refresh__refunds) #}
    {{ in_refresh('return_date', 'int_refresh__dates', 'business_date') }}
    group by return_date

)

select * from daily
