{#- Units and revenue per product category for each of the 30 business dates ending at the as-of date. -#}
with snapshots as (

    select * from {{ ref('inventory_snapshots') }}
    where {{ in_trailing_window('snapshot_date', 30) }}
        and snapshot_date <= {{ as_of_date() }}

)

select
    snapshot_date as date,
    category,
    cast(sum(units_sold) as integer) as units_sold,
    cast(sum(sales_revenue) as numeric(18, 2)) as revenue,
    cast(sum(case when units_sold > 0 then 1 else 0 end) as integer) as skus_selling
from snapshots
group by snapshot_date, category
