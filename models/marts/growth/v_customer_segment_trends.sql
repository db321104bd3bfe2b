{#- Segment evolution: customers acquired per month (by first order) in each segment they are in now, and the running total. -#}
with customers as (

    select * from {{ ref('customer_segments') }}
    where first_order_date is not null

),

monthly as (

    select
        cast({{ dbt.date_trunc('month', 'first_order_date') }} as date) as month,
        segment,
        count(*) as new_customers,
        sum(total_spent) as lifetime_spent
    from customers
    group by cast({{ dbt.date_trunc('month', 'first_order_date') }} as date), segment

)

select
    month,
    segment,
    cast(new_customers as integer) as new_customers,
    cast(sum(new_customers) over (partition by segment order by month rows unbounded preceding) as integer)
        as cumulative_customers,
    {{ ratio('new_customers', 'sum(new_customers) over (partition by month)', multiplier=100) }} as share_of_new_pct,
    cast(lifetime_spent as numeric(18, 2)) as lifetime_spent
from monthly
