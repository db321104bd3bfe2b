{%- set paths = [
    'id', 'email', 'first_name', 'last_name', 'state', 'tags', 'currency',
    'created_at', 'updated_at', 'default_address.province_code', 'default_address.country_code',
    'email_marketing_consent.state',
] -%}

{{ config(
    materialized='incremental',
    unique_key='customer_id',
    indexes=postgres_indexes([{'columns': ['customer_id']}, {'columns': ['source_received_at']}]),
) }}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'customer') }}

),

parsed as (

    select
        event_id,
        received_at,
        deleted_at,
        is_deleted,
        {{ json_parse('payload', paths) }} as customer_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast(json_get('customer_json', 'id'), 'bigint') }} as customer_id,
        lower({{ json_get('customer_json', 'email') }}) as email,

        -- descriptive
        {{ json_get('customer_json', 'first_name') }} as first_name,
        {{ json_get('customer_json', 'last_name') }} as last_name,
        lower({{ json_get('customer_json', 'state') }}) as account_state,
        nullif(trim({{ json_get('customer_json', 'tags') }}), '') as tags,
        {{ json_get('customer_json', 'default_address.province_code') }} as province_code,
        {{ json_get('customer_json', 'default_address.country_code') }} as country_code,
        lower({{ json_get('customer_json', 'email_marketing_consent.state') }}) as email_marketing_state,

        -- timestamps (UTC)
        {{ try_cast(json_get('customer_json', 'created_at'), 'timestamptz') }} as created_at,
        {{ try_cast(json_get('customer_json', 'updated_at'), 'timestamptz') }} as updated_at,

        -- lineage
        is_deleted,
        deleted_at,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
