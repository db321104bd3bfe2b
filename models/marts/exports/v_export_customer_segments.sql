{#- Export: every customer with their segment and purchase behaviour (no contact details). -#}
with customers as (

    select * from {{ ref('customer_segments') }}

)

select
    shopify_customer_id,
    segment,
    segment_reason,
    orders_count,
    total_spent,
    avg_order_value,
    first_order_date,
    last_order_date,
    days_since_last_order,
    is_wholesale_tagged,
    units,
    racing_units_share,
    restoration_units_share,
    as_of_date
from customers
