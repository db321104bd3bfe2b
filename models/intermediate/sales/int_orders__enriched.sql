with orders as (

    select * from {{ ref('stg_shopify__orders') }}

),

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}

),

line_totals as (

    select
        order_id,
        count(*) as line_count,
        sum(quantity) as units,
        sum({{ line_revenue('price', 'quantity', 'discount_amount') }}) as line_revenue
    from order_lines
    group by order_id

),

classified as (

    select
        orders.order_id,
        orders.order_name,
        orders.order_number,
        orders.customer_id,
        orders.created_at,
        {{ business_date('orders.created_at') }} as order_date,
        orders.financial_status,
        orders.fulfillment_status,
        orders.is_test,
        orders.cancelled_at is not null as is_cancelled,
        orders.is_deleted,
        {{ is_counted_order('orders.is_test', 'orders.cancelled_at', 'orders.financial_status', 'orders.is_deleted') }}
            as is_counted_order,
        orders.subtotal_price,
        orders.total_discounts,
        orders.total_shipping,
        orders.total_tax,
        orders.total_price,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.units, 0) as units,
        coalesce(line_totals.line_revenue, 0) as line_revenue
    from orders
    left join line_totals
        on orders.order_id = line_totals.order_id

),

sequenced as (

    select
        *,
        case
            when is_counted_order and customer_id is not null
                then row_number() over (
                        partition by customer_id, is_counted_order
                        order by created_at, order_id
                    )
        end as customer_order_sequence
    from classified

)

select * from sequenced
