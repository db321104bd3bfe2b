{#-
    One row per SKU and business date over the snapshot window
    (`inventory_snapshot_days`, default 90, ending at the as-of date): units
    available at the end of the day (summed over locations), that day's
    sales, 30-day velocity and tier, days of cover, stock status and alert
    severity. SKUs are every live SKU plus every SKU sold in the window; a SKU
    with no inventory level is `untracked` (no quantity, no alert). The as-of
    date's rows also carry the demand forecast (SBA/TSB for intermittent
    demand) and the projected stock-out date.
-#}
with velocity as (

    select * from {{ ref('int_sku__daily_velocity') }}

),

levels as (

    select * from {{ ref('int_inventory__daily_levels') }}

),

forecast as (

    {#- dated, so that the join below is an equi-join on (sku, date): a
        constant in a left join's condition made DuckDB loop over every pair -#}
    select
        *,
        {{ as_of_date() }} as forecast_date
    from {{ ref('int_sku__demand_forecast') }}

),

products as (

    select
        product_id,
        title,
        category
    from {{ ref('int_products__categorized') }}

),

measured as (

    select
        velocity.snapshot_date,
        velocity.sku,
        coalesce(velocity.product_id, levels.product_id) as product_id,
        coalesce(velocity.variant_id, levels.variant_id) as variant_id,
        levels.inventory_item_id,
        cast(levels.quantity_available as integer) as quantity_available,
        cast(velocity.units_sold as integer) as units_sold,
        cast(velocity.revenue as numeric(18, 2)) as sales_revenue,
        cast(velocity.units_sold_trailing as integer) as units_sold_30d,
        velocity.avg_daily_units,
        velocity.velocity_tier,
        {{ days_of_cover('levels.quantity_available', 'velocity.avg_daily_units') }} as days_of_cover
    from velocity
    left join levels
        on velocity.sku = levels.sku
            and velocity.snapshot_date = levels.snapshot_date

),

classified as (

    select
        *,
        case
            when quantity_available is null then 'untracked'
            else {{ stock_status('quantity_available', 'days_of_cover') }}
        end as stock_status
    from measured

),

alerted as (

    select
        *,
        {{ alert_severity('stock_status', 'velocity_tier') }} as alert_severity
    from classified

),

final as (

    select
        alerted.snapshot_date,
        alerted.sku,
        alerted.product_id as shopify_product_id,
        alerted.variant_id as shopify_variant_id,
        alerted.inventory_item_id as shopify_inventory_item_id,
        products.title as product_title,
        coalesce(products.category, 'Other') as category,
        alerted.quantity_available,
        alerted.units_sold,
        alerted.sales_revenue,
        alerted.units_sold_30d,
        alerted.avg_daily_units,
        alerted.velocity_tier,
        alerted.days_of_cover,
        alerted.stock_status,
        alerted.alert_severity,
        case alerted.stock_status
            when 'out_of_stock' then 'Out of stock'
            when 'low_stock' then 'Low stock: ' || cast(alerted.days_of_cover as varchar) || ' days of cover'
            when 'overstock' then 'Overstock: ' || cast(alerted.days_of_cover as varchar) || ' days of cover'
        end
        || case
            when alerted.alert_severity is null then ''
            else ' (' || alerted.velocity_tier || ' mover, '
                || cast(cast(alerted.avg_daily_units as numeric(18, 2)) as varchar) || ' units/day)'
        end as alert_message,
        forecast.demand_class,
        forecast.forecast_method,
        forecast.forecast_daily_units,
        forecast.forecast_days_of_cover,
        forecast.projected_stockout_date,
        alerted.snapshot_date = {{ as_of_date() }} as is_current
    from alerted
    left join forecast
        on alerted.sku = forecast.sku
            and alerted.snapshot_date = forecast.forecast_date
    left join products
        on alerted.product_id = products.product_id

)

select * from final
