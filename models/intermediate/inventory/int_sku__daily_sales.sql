{#-
    Units and line revenue sold per SKU and business date, counted orders
    only, gift cards left out (as from total_revenue). Incremental on the date: a run recomputes every date with a line
    that int_order_lines__enriched rewrote since (a late refund or
    cancellation of an old order recomputes that order's date).
-#}
{{ incremental_stamped_config('sale_date', recompute_from=['int_order_lines__enriched', 'order_date']) }}

with
{{ stamped_batch('affected_dates', ref('int_order_lines__enriched'), 'order_date') }}

order_lines as (

    select * from {{ ref('int_order_lines__enriched') }}
    where is_counted_order
        and not is_gift_card {{ in_batch('order_date', 'affected_dates', keyword='and') }}

),

daily as (

    select
        sku,
        order_date as sale_date,
        min(product_id) as product_id,
        min(title) as title,
        sum(quantity) as units,
        sum(line_revenue) as revenue,
        count(distinct order_id) as orders,
        {{ run_stamp() }} as loaded_at
    from order_lines
    group by sku, order_date

)

select * from daily
