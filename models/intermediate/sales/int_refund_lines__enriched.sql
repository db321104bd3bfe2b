{#-
    Refund lines with the refund's business date (processed_at, else
    created_at), the SKU their order line is reported under (doc block
    `line_sku`), whether the line is a gift card, and their order's flags.
-#}
{{ refresh_restricted_config() }}

with refund_lines as (

    select * from {{ ref('stg_shopify__refund_lines') }}
    {{ in_refresh('refund_id', 'int_refresh__refunds') }}

),

refunds as (

    select
        refund_id,
        {{ refunded_at('processed_at', 'created_at') }} as refunded_at
    from {{ ref('stg_shopify__refunds') }}
    {{ in_refresh('refund_id', 'int_refresh__refunds') }}

),

order_lines as (

    select
        order_line_id,
        sku,
        product_id,
        is_gift_card
    from {{ ref('int_order_lines__enriched') }}
    {%- if is_refresh() %}
    where order_id in (select refund_lines.order_id from refund_lines)
    {%- endif %}

),

orders as (

    select
        order_id,
        is_counted_order,
        is_sales_report_order
    from {{ ref('int_orders__enriched') }}
    {%- if is_refresh() %}
    where order_id in (select refund_lines.order_id from refund_lines)
    {%- endif %}

),

joined as (

    select
        refund_lines.refund_line_id,
        refund_lines.refund_id,
        refund_lines.order_id,
        refund_lines.order_line_id,
        coalesce(
            order_lines.sku,
            {{ line_sku('refund_lines.sku', 'null', 'refund_lines.product_id', 'refund_lines.variant_id',
                'refund_lines.title') }}
        ) as sku,
        coalesce(refund_lines.product_id, order_lines.product_id) as product_id,
        refunds.refunded_at,
        {{ business_date('refunds.refunded_at') }} as refund_date,
        coalesce(orders.is_counted_order, false) as is_counted_order,
        coalesce(orders.is_sales_report_order, false) as is_sales_report_order,
        coalesce(refund_lines.is_gift_card, order_lines.is_gift_card, false) as is_gift_card,
        refund_lines.restock_type,
        refund_lines.quantity,
        refund_lines.subtotal,
        refund_lines.total_tax
    from refund_lines
    inner join refunds
        on refund_lines.refund_id = refunds.refund_id
    left join orders
        on refund_lines.order_id = orders.order_id
    left join order_lines
        on refund_lines.order_line_id = order_lines.order_line_id

)

select * from joined
