{#-
    Tile 2, inventory alerts: SKUs out of stock, low or overstocked on the
    as-of date; `order by alert_severity` puts critical first.
-#}
with snapshots as (

    select * from {{ ref('inventory_snapshots') }}
    where snapshot_date = {{ as_of_date() }}
        and alert_severity is not null

)

select
    sku,
    product_title,
    category,
    quantity_available,
    days_of_cover,
    stock_status,
    velocity_tier,
    {{ severity_order('alert_severity') }} as alert_severity,
    alert_message,
    avg_daily_units,
    forecast_daily_units,
    projected_stockout_date,
    shopify_product_id,
    snapshot_date
from snapshots
