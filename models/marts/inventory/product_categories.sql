with products as (

    select * from {{ ref('int_products__categorized') }}
    where not is_deleted

),

fitment as (

    select * from {{ ref('int_products__fitment') }}

),

final as (

    select
        products.product_id as shopify_product_id,
        products.title as product_title,
        products.handle,
        products.vendor,
        products.product_type,
        products.status as product_status,
        products.category,
        products.subcategory,
        products.is_performance_category,
        products.is_restoration_category,
        products.variant_count,
        fitment.vehicle_years,
        fitment.vehicle_makes,
        fitment.vehicle_models,
        fitment.engine_families,
        fitment.drivetrains,
        fitment.an_sizes,
        fitment.thread_types,
        fitment.is_universal_fit,
        fitment.fitment_label,
        products.created_at,
        products.updated_at
    from products
    left join fitment
        on products.product_id = fitment.product_id

)

select * from final
