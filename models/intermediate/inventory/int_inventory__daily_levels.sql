{#-
    Units available per SKU at the end of each business date of the snapshot
    window (var `inventory_snapshot_days` days ending at the as-of date),
    summed over locations: for each location the last change on or before
    that date applies. SKUs come from live variants with an inventory item
    that has at least one level; a tracked variant whose item has no
    inventory-level event yet (no staged level) takes the
    `inventory_quantity` of its latest product payload on every date of the
    window from its creation on (doc block `quantity_available`).
-#}
{%- set window_days = var('inventory_snapshot_days') -%}

with changes as (

    select
        inventory_item_id,
        location_id,
        available,
        updated_at,
        {{ business_date('updated_at') }} as change_date
    from {{ ref('stg_shopify__inventory_level_changes') }}
    where {{ business_date('updated_at') }} <= {{ as_of_date() }}

),

last_change_per_day as (

    select
        inventory_item_id,
        location_id,
        change_date,
        available
    from (
        select
            *,
            row_number() over (
                partition by inventory_item_id, location_id, change_date
                order by updated_at desc
            ) as change_rank
        from changes
    ) as ranked
    where change_rank = 1

),

validity as (

    select
        inventory_item_id,
        location_id,
        available,
        change_date as valid_from,
        coalesce(
            lead(change_date) over (partition by inventory_item_id, location_id order by change_date),
            {{ as_of_date(1) }}
        ) as valid_until
    from last_change_per_day

),

-- the intervals that reach into the window: the others hold none of its dates (at 1M orders on
-- PostgreSQL, joining every interval of the history to the days took 11.0 s, these 3.0 s)
window_validity as (

    select * from validity
    where valid_until > {{ trailing_window_start(window_days) }}

),

days as (

    {{ date_spine_days(trailing_window_start(window_days), as_of_date()) }}

),

item_days as (

    select
        cast(days.date_day as date) as snapshot_date,
        window_validity.inventory_item_id,
        sum(window_validity.available) as quantity_available
    from window_validity
    inner join days
        on cast(days.date_day as date) >= window_validity.valid_from
            and cast(days.date_day as date) < window_validity.valid_until
    group by cast(days.date_day as date), window_validity.inventory_item_id

),

variants as (

    select
        variant_id,
        product_id,
        inventory_item_id,
        sku,
        inventory_quantity,
        is_inventory_tracked,
        created_at
    from {{ ref('stg_shopify__product_variants') }}
    where not is_deleted
        and sku is not null

),

from_levels as (

    select
        item_days.snapshot_date,
        variants.sku,
        variants.product_id,
        variants.variant_id,
        item_days.inventory_item_id,
        item_days.quantity_available
    from item_days
    inner join variants
        on item_days.inventory_item_id = variants.inventory_item_id

),

from_product_payloads as (

    select
        cast(days.date_day as date) as snapshot_date,
        variants.sku,
        variants.product_id,
        variants.variant_id,
        variants.inventory_item_id,
        variants.inventory_quantity as quantity_available
    from variants
    inner join days
        on variants.created_at is null
            or cast(days.date_day as date) >= {{ business_date('variants.created_at') }}
    where variants.is_inventory_tracked
        and variants.inventory_quantity is not null
        and variants.inventory_item_id is not null
        and variants.inventory_item_id not in (
            select levels.inventory_item_id
            from {{ ref('stg_shopify__inventory_levels') }} as levels
            where levels.inventory_item_id is not null
        )

),

final as (

    select * from from_levels
    union all
    select * from from_product_payloads

)

select * from final
