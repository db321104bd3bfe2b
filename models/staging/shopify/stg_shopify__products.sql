{%- set paths = [
    'id', 'title', 'handle', 'vendor', 'product_type', 'status', 'tags',
    'created_at', 'updated_at', 'published_at', 'variants:json',
] -%}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'product') }}

),

parsed as (

    select
        event_id,
        received_at,
        deleted_at,
        is_deleted,
        {{ json_parse('payload', paths) }} as product_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('product_json', 'id'), 'bigint') }} as product_id,
        {{ json_get('product_json', 'handle') }} as handle,

        -- descriptive
        {{ json_get('product_json', 'title') }} as title,
        {{ json_get('product_json', 'vendor') }} as vendor,
        nullif(trim({{ json_get('product_json', 'product_type') }}), '') as product_type,
        lower({{ json_get('product_json', 'status') }}) as status,
        nullif(trim({{ json_get('product_json', 'tags') }}), '') as tags,

        -- timestamps (UTC)
        {{ try_cast(json_get('product_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('product_json', 'updated_at'), 'timestamptz') }} as updated_at,
        {{ try_cast(json_get('product_json', 'published_at'), 'timestamptz') }} as published_at,

        -- nested documents, unnested by stg_shopify__product_variants
        {{ json_get('product_json', 'variants:json') }} as variants,

        -- lineage
        is_deleted,
        deleted_at,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
