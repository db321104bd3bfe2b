{#- Units and line revenue sold per SKU and business date, counted orders only. -#}
with order_lines as (

    select * from {{ ref('int_order_lines__enriched') }}
    where is_counted_order

),

daily as (

    select
        sku,
        order_date as sale_date,
        min(product_id) as product_id,
        sum(quantity) as units,
        sum(line_revenue) as revenue,
        count(distinct order_id) as orders
    from order_lines
    group by sku, order_date

)

select * from daily
