{#-
    Purchase behaviour per customer, the input of the segmentation model:
    counted orders, spend (their gross sales less discounts, gift cards left
    out: the revenue definition), recency, wholesale tagging, and the share
    of units bought in performance and restoration categories. Every customer known from customer events or
    from orders appears once.
-#}
with customers as (

    select
        customer_id,
        email,
        tags,
        created_at,
        is_deleted
    from {{ ref('stg_shopify__customers') }}

),

orders as (

    select * from {{ ref('int_orders__enriched') }}
    where is_counted_order
        and customer_id is not null
        and order_date <= {{ as_of_date() }}

),

order_totals as (

    select
        customer_id,
        cast(count(*) as bigint) as orders_count,
        sum(gross_sales - discounts) as total_spent,
        min(created_at) as first_order_at,
        max(created_at) as last_order_at,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from orders
    group by customer_id

),

category_units as (

    select
        customer_id,
        sum(units) as units,
        sum(case when is_performance_category then units else 0 end) as performance_units,
        sum(case when is_restoration_category then units else 0 end) as restoration_units,
        sum(case when category = 'AN Fittings & Hose' then units else 0 end) as an_fitting_units
    from {{ ref('int_customers__product_units') }}
    group by customer_id

),

all_customers as (

    select customer_id from customers
    union
    select customer_id from order_totals

),

features as (

    select
        all_customers.customer_id,
        customers.email,
        coalesce(customers.is_deleted, false) as is_deleted,
        coalesce(order_totals.orders_count, 0) as orders_count,
        cast(coalesce(order_totals.total_spent, 0) as numeric(18, 2)) as total_spent,
        {{ ratio('order_totals.total_spent', 'order_totals.orders_count') }} as avg_order_value,
        order_totals.first_order_at,
        order_totals.last_order_at,
        order_totals.first_order_date,
        order_totals.last_order_date,
        cast({{ as_of_date() }} - order_totals.last_order_date as integer) as days_since_last_order,
        coalesce(
            {{ dbt.position("'wholesale'", "lower(customers.tags)") }} > 0
            or {{ dbt.position("'shop'", "lower(customers.tags)") }} > 0
            or {{ dbt.position("'builder'", "lower(customers.tags)") }} > 0,
            false
        ) as is_wholesale_tagged,
        cast(coalesce(category_units.units, 0) as bigint) as units,
        {{ ratio('category_units.performance_units', 'category_units.units', scale=4) }} as racing_units_share,
        {{ ratio('category_units.restoration_units', 'category_units.units', scale=4) }} as restoration_category_units_share,
        cast(coalesce(category_units.an_fitting_units, 0) as bigint) as an_fitting_units
    from all_customers
    left join customers
        on all_customers.customer_id = customers.customer_id
    left join order_totals
        on all_customers.customer_id = order_totals.customer_id
    left join category_units
        on all_customers.customer_id = category_units.customer_id

)

select * from features
