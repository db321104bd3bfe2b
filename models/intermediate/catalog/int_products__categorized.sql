{#-
    Each product's category from the hand-maintained `product_taxonomy` seed:
    the first rule (by match_priority) whose pattern occurs in the product
    type wins; a product whose type matches nothing is matched on its title;
    anything still unmatched is `Other`.
-#}
with products as (

    select * from {{ ref('stg_shopify__products') }}

),

variants as (

    select
        product_id,
        count(*) as variant_count
    from {{ ref('stg_shopify__product_variants') }}
    group by product_id

),

taxonomy as (

    select * from {{ ref('product_taxonomy') }}

),

candidates as (

    select
        products.product_id,
        taxonomy.category,
        taxonomy.subcategory,
        taxonomy.is_performance,
        taxonomy.is_restoration,
        row_number() over (
            partition by products.product_id
            order by
                case when {{ dbt.position('taxonomy.match_pattern', "lower(coalesce(products.product_type, ''))") }} > 0
                        then 0
                    else 1
                end,
                taxonomy.match_priority,
                taxonomy.match_pattern
        ) as match_rank
    from products
    inner join taxonomy
        on {{ dbt.position('taxonomy.match_pattern', "lower(coalesce(products.product_type, ''))") }} > 0
            or {{ dbt.position('taxonomy.match_pattern', "lower(coalesce(products.title, ''))") }} > 0

),

categorized as (

    select
        products.product_id,
        products.title,
        products.handle,
        products.vendor,
        products.product_type,
        products.status,
        products.tags,
        coalesce(candidates.category, 'Other') as category,
        coalesce(candidates.subcategory, 'Other') as subcategory,
        coalesce(candidates.is_performance, false) as is_performance_category,
        coalesce(candidates.is_restoration, false) as is_restoration_category,
        coalesce(variants.variant_count, 0) as variant_count,
        products.is_deleted,
        products.created_at,
        products.updated_at
    from products
    left join candidates
        on products.product_id = candidates.product_id
            and candidates.match_rank = 1
    left join variants
        on products.product_id = variants.product_id

)

select * from categorized
