{#- Product category performance over the trailing 30 days, one row per category. -#}
with skus as (

    select * from {{ ref('sku_performance') }}

),

by_category as (

    select
        category,
        count(*) as skus,
        sum(case when units_sold_30d > 0 then 1 else 0 end) as skus_selling,
        sum(units_sold_30d) as units_sold_30d,
        sum(revenue_30d) as revenue_30d,
        sum(refunds_amount_30d) as refunds_amount_30d,
        sum(case when velocity_tier = 'fast' then 1 else 0 end) as fast_skus,
        sum(case when velocity_tier = 'dead' then 1 else 0 end) as dead_skus
    from skus
    group by category

)

select
    category,
    cast(skus as integer) as skus,
    cast(skus_selling as integer) as skus_selling,
    cast(units_sold_30d as integer) as units_sold_30d,
    cast(revenue_30d as numeric(18, 2)) as revenue_30d,
    {{ ratio('revenue_30d', 'sum(revenue_30d) over ()', multiplier=100) }} as revenue_share_pct,
    cast(refunds_amount_30d as numeric(18, 2)) as refunds_amount_30d,
    {{ ratio('refunds_amount_30d', 'revenue_30d', multiplier=100) }} as refund_rate_pct,
    cast(fast_skus as integer) as fast_skus,
    cast(dead_skus as integer) as dead_skus
from by_category
