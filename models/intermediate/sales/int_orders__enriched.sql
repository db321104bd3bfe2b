{#-
    One row per order: business date, counted-order flag, line totals and the
    customer's order sequence. Incremental: a run recomputes the orders whose
    staged version is new and every order of their customers (the sequence of
    a customer's orders changes when one of them does), and writes those
    whose row changed.
-#}
{{ incremental_stamped_config('order_id') }}

with
{{ customer_orders_batch() }}

orders as (

    select * from {{ ref('stg_shopify__orders') }}
    {{ in_batch('order_id') }}

),

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}
    {{ in_batch('order_id') }}

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
        {{ is_counted_order('orders.is_test', 'orders.cancelled_at', 'orders.financial_status', 'orders.is_deleted',
            'orders.timestamp_issue') }}
            as is_counted_order,
        orders.subtotal_price,
        orders.total_discounts,
        orders.total_shipping,
        orders.total_tax,
        orders.total_price,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.units, 0) as units,
        coalesce(line_totals.line_revenue, 0) as line_revenue,
        orders.source_received_at
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

),

changed as (

    {{ changed_rows('sequenced', 'order_id') }}

)

select
    *,
    {{ run_stamp() }} as loaded_at
from changed
