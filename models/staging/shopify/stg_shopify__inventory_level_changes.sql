{#-
    Every distinct version of every inventory level (not only the latest),
    so that daily snapshots can be rebuilt for past dates. Exact duplicates
    and repeated content are collapsed as everywhere else.

    Incremental: one row per event, and an event staged once never changes
    (a later event repeating its content is the duplicate), so a run stages
    only the events received at or after the newest one held
    (`source_received_at`; delete+insert on the event id).
-#}
{%- set paths = ['inventory_item_id', 'location_id', 'available', 'updated_at'] -%}

{{ config(
    materialized='incremental',
    unique_key='inventory_level_change_id',
    indexes=postgres_indexes([{'columns': ['inventory_level_change_id']}, {'columns': ['source_received_at']}]),
) }}

with event_keys as (

    select
        event_id,
        received_at,
        topic
    from {{ ref('stg_shopify__webhook_events') }}
    where resource_type = 'inventory_level'
        and is_valid
        and not is_content_duplicate
        and not is_deletion
        {% if is_incremental() -%}
            and received_at >= {{ incremental_watermark() }}
        {%- endif %}

),

events as (

    {{ delivery_payloads('event_keys', ref('stg_shopify__webhook_deliveries')) }}

),

parsed as (

    select
        event_id,
        received_at,
        {{ json_parse('payload', paths) }} as level_json
    from events {{ evaluate_once() }}

),

renamed as (

    select
        event_id as inventory_level_change_id,
        {{ try_cast(json_get('level_json', 'inventory_item_id'), 'bigint') }} as inventory_item_id,
        {{ try_cast(json_get('level_json', 'location_id'), 'bigint') }} as location_id,
        {{ try_cast(json_get('level_json', 'available'), 'integer') }} as available,
        {{ try_cast(json_get('level_json', 'updated_at'), 'timestamptz') }} as updated_at,
        received_at as source_received_at
    from parsed

)

select * from renamed
