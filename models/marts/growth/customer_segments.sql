with features as (

    select * from {{ ref('int_customers__features') }}
    where not is_deleted

),

segments as (

    select * from {{ ref('int_customers__segmented') }}

),

final as (

    select
        features.customer_id as shopify_customer_id,
        segments.segment,
        segments.segment_reason,
        cast(features.orders_count as bigint) as orders_count,
        features.total_spent,
        features.avg_order_value,
        features.first_order_date,
        features.last_order_date,
        features.days_since_last_order,
        features.is_wholesale_tagged,
        features.units,
        features.an_fitting_units,
        features.racing_units_share,
        segments.restoration_units_share,
        {{ as_of_date() }} as as_of_date
    from features
    inner join segments
        on features.customer_id = segments.customer_id

)

select * from final
