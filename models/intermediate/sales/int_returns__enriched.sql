{#-
    One row per return in Shopify's Sales report (doc block `sales_report`):
    every refund on its date (int_refunds__enriched), and every cancelled
    order on its cancellation date for whatever of its sale no refund has
    returned (the goods, shipping, taxes, duties and fees still standing), so
    that a cancelled order nets to zero over its dates. Only orders that count
    in the Sales report (not test, not deleted).

    int_returns__daily sums it per date, and the semantic layer's
    `sales_returns` model reads it: both see the same rows. Refunds and
    cancellations are a few percent of orders: the table is rebuilt whole on
    every run, so a refund or a cancellation that arrives weeks after its
    order restates the dates it touches at once, exactly as a full refresh
    would.

    On a tile refresh (docs/production.md) it is incremental instead: the
    rows of the refresh's dates (`int_refresh__dates`) are deleted, then
    those dates' returns recomputed and inserted, from the refunds of
    `int_refresh__refunds` (every refund dated on one of them, and every
    refund of an order cancelled on one of them); the other dates keep the
    daily build's rows. (A table, not inlined: the semantic layer's
    `sales_returns` reads it.)
-#}
{%- if is_refresh() %}
-- depends_on: {{ ref('int_refresh__dates') }}
{%- endif %}
{{ config(
    materialized='incremental' if is_refresh() else 'table',
    incremental_strategy='append',
    pre_hook=["delete from {{ this }} where return_date in (select business_date from {{ ref('int_refresh__dates') }})"]
        if is_refresh() else [],
    indexes=postgres_indexes([{'columns': ['return_date']}]),
    tags=['refresh_incremental'],
) }}

with refunds as (

    select * from {{ ref('int_refunds__enriched') }}
    where is_sales_report_order

),

cancelled_orders as (

    select
        order_id,
        customer_id,
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

order_customers as (

    select
        order_id,
        customer_id
    from {{ ref('int_orders__enriched') }}
    {%- if is_refresh() %}
    where order_id in (select refunds.order_id from refunds)
    {%- endif %}

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

refund_returns as (

    select
        'refund-' || cast(refunds.refund_id as varchar) as return_id,
        'refund' as return_kind,
        refunds.order_id,
        order_customers.customer_id,
        refunds.refund_id,
        refunds.refund_date as return_date,
        refunds.returns,
        refunds.shipping_refunded,
        refunds.taxes_refunded,
        refunds.duties_refunded,
        refunds.additional_fees_refunded
    from refunds
    left join order_customers
        on refunds.order_id = order_customers.order_id

),

cancellation_returns as (

    select
        'cancellation-' || cast(cancelled_orders.order_id as varchar) as return_id,
        'cancellation' as return_kind,
        cancelled_orders.order_id,
        cancelled_orders.customer_id,
        cast(null as bigint) as refund_id,
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

    select * from refund_returns

    union all

    select * from cancellation_returns

),

final as (

    select
        return_id,
        return_kind,
        order_id,
        customer_id,
        refund_id,
        return_date,
        cast(returns as numeric(18, 2)) as returns,
        cast(shipping_refunded as numeric(18, 2)) as shipping_refunded,
        cast(taxes_refunded as numeric(18, 2)) as taxes_refunded,
        cast(duties_refunded as numeric(18, 2)) as duties_refunded,
        cast(additional_fees_refunded as numeric(18, 2)) as additional_fees_refunded,
        -- each return as one figure: total_sales's second path (see sales_metrics_daily)
        cast(
            returns + shipping_refunded + taxes_refunded + duties_refunded + additional_fees_refunded
            as numeric(18, 2)
        ) as returned_total
    from all_returns
    {#- on a refresh, only its own dates have all their refunds (int_refresh__refunds) #}
    {{ in_refresh('return_date', 'int_refresh__dates', 'business_date') }}

)

select * from final
