{#- Hot-rod vehicle compatibility: products and 30-day sales per vehicle make, model, engine family and decade of fitment. -#}
with products as (

    select * from {{ ref('product_categories') }}

),

product_sales as (

    select
        shopify_product_id,
        sum(units_sold_30d) as units_sold_30d,
        sum(revenue_30d) as revenue_30d
    from {{ ref('sku_performance') }}
    group by shopify_product_id

),

makes as (
    select
        shopify_product_id,
        'make' as fitment_type,
        unnest(vehicle_makes) as fitment_value
    from products
),

models as (
    select
        shopify_product_id,
        'model' as fitment_type,
        unnest(vehicle_models) as fitment_value
    from products
),

engines as (
    select
        shopify_product_id,
        'engine_family' as fitment_type,
        unnest(engine_families) as fitment_value
    from products
),

years as (
    select
        shopify_product_id,
        unnest(vehicle_years) as vehicle_year
    from products
),

decades as (
    select distinct
        shopify_product_id,
        'decade' as fitment_type,
        cast(cast(floor(vehicle_year / 10.0) * 10 as integer) as varchar) || 's' as fitment_value
    from years
),

universal as (
    select
        shopify_product_id,
        'universal' as fitment_type,
        'Universal' as fitment_value
    from products
    where is_universal_fit
),

fitments as (
    select * from makes
    union all
    select * from models
    union all
    select * from engines
    union all
    select * from decades
    union all
    select * from universal
),

aggregated as (

    select
        fitments.fitment_type,
        fitments.fitment_value,
        count(distinct fitments.shopify_product_id) as products,
        sum(coalesce(product_sales.units_sold_30d, 0)) as units_sold_30d,
        sum(coalesce(product_sales.revenue_30d, 0)) as revenue_30d
    from fitments
    left join product_sales
        on fitments.shopify_product_id = product_sales.shopify_product_id
    group by fitments.fitment_type, fitments.fitment_value

)

select
    fitment_type,
    fitment_value,
    cast(products as integer) as products,
    cast(units_sold_30d as integer) as units_sold_30d,
    cast(revenue_30d as numeric(18, 2)) as revenue_30d,
    {{ ratio('revenue_30d', 'sum(revenue_30d) over (partition by fitment_type)', multiplier=100) }}
        as revenue_share_pct
from aggregated
