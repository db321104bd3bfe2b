{#-
    The order KPIs' daily sums per business date (every order, counted or
    not, belongs to its date's row, so a date never loses its row).
    Incremental on the date: a run recomputes every date with an order that
    int_orders__enriched rewrote since.
-#}
{{ incremental_stamped_config('order_date') }}

with
{{ stamped_batch('affected_dates', ref('int_orders__enriched'), 'order_date') }}

orders as (

    select * from {{ ref('int_orders__enriched') }}
    {{ in_batch('order_date', 'affected_dates') }}

),

daily as (

    select
        order_date,
        sum(case when is_counted_order then subtotal_price else 0 end) as total_revenue,
        sum(case when is_counted_order then 1 else 0 end) as total_orders,
        sum(case when is_counted_order then total_discounts else 0 end) as discounts_amount,
        sum(case when is_counted_order then total_shipping else 0 end) as shipping_amount,
        sum(case when is_counted_order then total_tax else 0 end) as tax_amount,
        sum(case when is_counted_order and customer_order_sequence = 1 then 1 else 0 end) as new_customer_orders,
        sum(case when is_counted_order and customer_order_sequence > 1 then 1 else 0 end) as repeat_customer_orders,
        sum(case when is_counted_order and fulfillment_status = 'fulfilled' then 1 else 0 end) as fulfilled_orders,
        sum(case when is_cancelled and not is_test then 1 else 0 end) as cancelled_orders,
        sum(case when is_test then 1 else 0 end) as test_orders,
        {{ run_stamp() }} as loaded_at
    from orders
    group by order_date

)

select * from daily
