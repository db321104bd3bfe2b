{#-
    One row per refund, in Shopify's Sales-report terms, on the refund's
    business date (processed_at, else created_at): the value of the goods
    returned (refunded line subtotals, gift cards left out), the shipping,
    taxes, duties and fees refunded, and whether its order counts in the
    Sales report (doc block `sales_report`). Refunds are a few percent of
    orders: the table is rebuilt whole, so a refund that arrives weeks late
    is on its date at once.
-#}
{{ refresh_restricted_config() }}

with refunds as (

    select * from {{ ref('stg_shopify__refunds') }}
    {{ in_refresh('refund_id', 'int_refresh__refunds') }}

),

refund_lines as (

    select
        refund_id,
        sum(case when not is_gift_card then subtotal else 0 end) as returns,
        sum(total_tax) as line_taxes_refunded
    from {{ ref('int_refund_lines__enriched') }}
    group by refund_id

),

orders as (

    select
        order_id,
        is_sales_report_order
    from {{ ref('int_orders__enriched') }}
    {%- if is_refresh() %}
    where order_id in (select refunds.order_id from refunds)
    {%- endif %}

),

final as (

    select
        refunds.refund_id,
        refunds.order_id,
        {{ refunded_at('refunds.processed_at', 'refunds.created_at') }} as refunded_at,
        {{ business_date(refunded_at('refunds.processed_at', 'refunds.created_at')) }} as refund_date,
        coalesce(orders.is_sales_report_order, false) as is_sales_report_order,
        cast(coalesce(refund_lines.returns, 0) as numeric(18, 2)) as returns,
        refunds.shipping_refunded,
        cast(coalesce(refund_lines.line_taxes_refunded, 0) + refunds.shipping_tax_refunded as numeric(18, 2))
            as taxes_refunded,
        refunds.duties_refunded,
        refunds.additional_fees_refunded
    from refunds
    left join refund_lines
        on refunds.refund_id = refund_lines.refund_id
    left join orders
        on refunds.order_id = orders.order_id

)

select * from final
