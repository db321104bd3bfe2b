{#- Customer segment distribution: customers, spend and order behaviour per segment. -#}
with customers as (

    select * from {{ ref('customer_segments') }}

),

by_segment as (

    select
        segment,
        count(*) as customers,
        sum(orders_count) as orders,
        sum(total_spent) as total_spent,
        sum(case when days_since_last_order <= 90 then 1 else 0 end) as active_customers_90d
    from customers
    group by segment

)

select
    segment,
    cast(customers as integer) as customers,
    {{ ratio('customers', 'sum(customers) over ()', multiplier=100) }} as customer_share_pct,
    cast(orders as integer) as orders,
    cast(total_spent as numeric(18, 2)) as total_spent,
    {{ ratio('total_spent', 'sum(total_spent) over ()', multiplier=100) }} as revenue_share_pct,
    {{ ratio('orders', 'customers') }} as avg_orders_per_customer,
    {{ ratio('total_spent', 'customers') }} as avg_spent_per_customer,
    {{ ratio('total_spent', 'orders') }} as avg_order_value,
    cast(active_customers_90d as integer) as active_customers_90d
from by_segment
