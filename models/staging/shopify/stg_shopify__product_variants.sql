{%- set paths = [
    'id', 'product_id', 'sku', 'title', 'price', 'compare_at_price', 'inventory_item_id',
    'position', 'option1', 'option2', 'option3', 'inventory_quantity', 'inventory_management',
    'created_at', 'updated_at',
] -%}

with products as (

    select
        product_id,
        is_deleted,
        variants
    from {{ ref('stg_shopify__products') }}

),

unnested as (

    select
        product_id,
        is_deleted,
        {{ json_array_elements('variants') }} as variant
    from products

),

parsed as (

    select
        product_id,
        is_deleted,
        {{ json_parse('variant', paths) }} as variant_json
    from unnested {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('variant_json', 'id'), 'bigint') }} as variant_id,
        product_id,
        {{ try_cast(json_get('variant_json', 'inventory_item_id'), 'bigint') }} as inventory_item_id,
        nullif(trim({{ json_get('variant_json', 'sku') }}), '') as sku,

        -- descriptive
        {{ json_get('variant_json', 'title') }} as variant_title,
        {{ json_get('variant_json', 'option1') }} as option1,
        {{ json_get('variant_json', 'option2') }} as option2,
        {{ json_get('variant_json', 'option3') }} as option3,
        {{ try_cast(json_get('variant_json', 'position'), 'integer') }} as position,

        -- money
        {{ try_cast(json_get('variant_json', 'price'), 'numeric(18, 2)') }} as price,
        {{ try_cast(json_get('variant_json', 'compare_at_price'), 'numeric(18, 2)') }} as compare_at_price,

        -- stock as the product payload reports it (Shopify tracks it when inventory_management is `shopify`)
        {{ try_cast(json_get('variant_json', 'inventory_quantity'), 'integer') }} as inventory_quantity,
        lower({{ json_get('variant_json', 'inventory_management') }}) = 'shopify' as is_inventory_tracked,

        -- timestamps (UTC)
        {{ try_cast(json_get('variant_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('variant_json', 'updated_at'), 'timestamptz') }} as updated_at,

        -- the product's deletion applies to its variants
        is_deleted
    from parsed

)

select * from renamed
