{#-
    Sales velocity of every SKU on every date of the snapshot window: units
    sold that day, units over the trailing 30 days ending
    that day, average daily units, and the velocity tier among all SKUs that
    day (doc block `velocity_tier`). SKUs: every live variant SKU plus any SKU
    sold during the window, so that nothing sold is missing from the totals.
-#}
{%- set window_days = var('inventory_snapshot_days') -%}
{%- set velocity_days = 30 -%}  {#- the KPI's 30 days (the seed's `_30d` columns) -#}

with daily_sales as (

    select * from {{ ref('int_sku__daily_sales') }}
    where {{ in_trailing_window('sale_date', window_days + velocity_days - 1) }}

),

live_skus as (

    select
        sku,
        min(product_id) as product_id,
        min(variant_id) as variant_id
    from {{ ref('stg_shopify__product_variants') }}
    where not is_deleted
        and sku is not null
    group by sku

),

sold_skus as (

    select
        sku,
        min(product_id) as product_id
    from daily_sales
    group by sku

),

skus as (

    select
        coalesce(live_skus.sku, sold_skus.sku) as sku,
        coalesce(live_skus.product_id, sold_skus.product_id) as product_id,
        live_skus.variant_id
    from live_skus
    full outer join sold_skus
        on live_skus.sku = sold_skus.sku

),

days as (

    {{ date_spine_days(trailing_window_start(window_days + velocity_days - 1), as_of_date()) }}

),

grid as (

    select
        skus.sku,
        skus.product_id,
        skus.variant_id,
        cast(days.date_day as date) as snapshot_date
    from skus
    cross join days

),

with_sales as (

    select
        grid.sku,
        grid.product_id,
        grid.variant_id,
        grid.snapshot_date,
        coalesce(daily_sales.units, 0) as units_sold,
        coalesce(daily_sales.revenue, 0) as revenue,
        sum(coalesce(daily_sales.units, 0)) over (
            partition by grid.sku
            order by grid.snapshot_date
            rows between {{ velocity_days - 1 }} preceding and current row
        ) as units_trailing
    from grid
    left join daily_sales
        on grid.sku = daily_sales.sku
            and grid.snapshot_date = daily_sales.sale_date

),

windowed as (

    select * from with_sales
    where {{ in_trailing_window('snapshot_date', window_days) }}

),

ranked as (

    select
        *,
        {{ ratio('units_trailing', velocity_days, scale=4) }} as avg_daily_units,
        rank() over (
            partition by snapshot_date
            order by units_trailing desc
        ) as units_rank,
        sum(case when units_trailing > 0 then 1 else 0 end) over (partition by snapshot_date) as skus_with_sales
    from windowed

),

final as (

    select
        sku,
        product_id,
        variant_id,
        snapshot_date,
        units_sold,
        revenue,
        units_trailing as units_sold_trailing,
        avg_daily_units,
        {{ velocity_tier('units_trailing', 'units_rank', 'skus_with_sales') }} as velocity_tier
    from ranked

)

select * from final
