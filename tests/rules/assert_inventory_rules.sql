{#-
    Unit test of the inventory tile rules (stock_status, velocity_tier,
    alert_severity, days_of_cover) on every branch, with the default vars
    (lead time 14 days, overstock above 180 days of cover). Returns the cases
    whose result differs from the expectation; none on success.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('inventory_snapshots') }})
with cases as (

    select * from (
        values
            (0, 5.0, 3, 1, 10, 0.0, 'out_of_stock', 'fast', 'critical'),
            (-2, 1.0, 4, 5, 10, -2.0, 'out_of_stock', 'medium', 'critical'),
            (0, 0.5, 1, 9, 10, 0.0, 'out_of_stock', 'slow', 'high'),
            (0, 0.0, 0, null, 10, null, 'out_of_stock', 'dead', 'high'),
            (10, 1.0, 5, 1, 10, 10.0, 'low_stock', 'fast', 'high'),
            (10, 1.0, 5, 4, 10, 10.0, 'low_stock', 'medium', 'medium'),
            (13, 1.0, 5, 8, 10, 13.0, 'low_stock', 'slow', 'medium'),
            (14, 1.0, 5, 2, 10, 14.0, 'in_stock', 'fast', null),
            (180, 1.0, 5, 5, 10, 180.0, 'in_stock', 'medium', null),
            (181, 1.0, 5, 6, 10, 181.0, 'overstock', 'slow', 'low'),
            (50, 0.0, 0, null, 10, null, 'in_stock', 'dead', null)
    ) as t (
        quantity_available, avg_daily_units, units, units_rank, skus_with_sales,
        expected_days_of_cover, expected_stock_status, expected_velocity_tier, expected_alert_severity
    )

),

computed as (

    select
        *,
        {{ days_of_cover('quantity_available', 'avg_daily_units') }} as days_of_cover,
        {{ velocity_tier('units', 'units_rank', 'skus_with_sales') }} as velocity_tier
    from cases

),

{#- a SKU that never sold has no days of cover: in stock unless empty -#}
classified as (

    select
        *,
        {{ stock_status('quantity_available', 'days_of_cover') }} as stock_status
    from computed

),

judged as (

    select
        *,
        {{ alert_severity('stock_status', 'velocity_tier') }} as alert_severity
    from classified

)

select *
from judged
where cast(days_of_cover as {{ dbt.type_string() }})
    is distinct from cast(cast(expected_days_of_cover as numeric(18, 1)) as {{ dbt.type_string() }})
    or stock_status is distinct from expected_stock_status
    or velocity_tier is distinct from expected_velocity_tier
    or alert_severity is distinct from expected_alert_severity
