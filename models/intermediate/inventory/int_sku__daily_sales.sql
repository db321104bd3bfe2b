{#-
    Units and line revenue sold per SKU and business date, counted orders
    only, gift cards left out (as from total_revenue). A table rebuilt on
    every run: docs/incremental.md gives what an incremental version saved.
-#}
with order_lines as (

    select * from {{ ref('int_order_lines__enriched') }}
    where is_counted_order
        and not is_gift_card

),

daily as (

    select
        sku,
        order_date as sale_date,
        min(product_id) as product_id,
        min(title) as title,
        sum(quantity) as units,
        sum(line_revenue) as revenue,
        count(distinct order_id) as orders
    from order_lines
    group by sku, order_date

)

select * from daily
