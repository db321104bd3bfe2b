{#- Inventory movement per business date of the snapshot window: stock states, velocity tiers and units. -#}
with snapshots as (

    select * from {{ ref('inventory_snapshots') }}

)

select
    snapshot_date as date,
    cast(count(*) as integer) as skus,
    cast(sum(quantity_available) as bigint) as units_available,
    cast(sum(units_sold) as integer) as units_sold,
    cast(sum(case when stock_status = 'out_of_stock' then 1 else 0 end) as integer) as out_of_stock_skus,
    cast(sum(case when stock_status = 'low_stock' then 1 else 0 end) as integer) as low_stock_skus,
    cast(sum(case when stock_status = 'overstock' then 1 else 0 end) as integer) as overstock_skus,
    cast(sum(case when velocity_tier = 'fast' then 1 else 0 end) as integer) as fast_skus,
    cast(sum(case when velocity_tier = 'medium' then 1 else 0 end) as integer) as medium_skus,
    cast(sum(case when velocity_tier = 'slow' then 1 else 0 end) as integer) as slow_skus,
    cast(sum(case when velocity_tier = 'dead' then 1 else 0 end) as integer) as dead_skus
from snapshots
group by snapshot_date
