{#- Units each customer bought of each product in counted orders, with the product's category flags. -#}
with order_lines as (

    select * from {{ ref('int_order_lines__enriched') }}
    where is_counted_order
        and customer_id is not null
        and order_date <= {{ as_of_date() }}

),

products as (

    select
        product_id,
        category,
        is_performance_category,
        is_restoration_category
    from {{ ref('int_products__categorized') }}

),

units as (

    select
        order_lines.customer_id,
        order_lines.product_id,
        sum(order_lines.quantity) as units
    from order_lines
    group by order_lines.customer_id, order_lines.product_id

),

final as (

    select
        units.customer_id,
        units.product_id,
        units.units,
        coalesce(products.category, 'Other') as category,
        coalesce(products.is_performance_category, false) as is_performance_category,
        coalesce(products.is_restoration_category, false) as is_restoration_category
    from units
    left join products
        on units.product_id = products.product_id

)

select * from final
