{#-
    One row per Shopify event (event_id), classified: which resource it
    carries, its id and version, whether it repeats content already received,
    and why it is rejected when it cannot be used. Every entity model ranks
    versions from here and reads the body of the events it keeps from
    stg_shopify__webhook_deliveries (this model is narrow: it copies no
    payload); nothing is dropped silently (rejections are counted by
    int_webhook_rejections and shown in v_data_quality_checks). Shopify's
    compliance topics (`privacy_request_topics`) are `privacy_request` events
    of the customer they name (of the shop for `shop/redact`), versioned by
    their arrival.

    Incremental on `event_id`, watermark `received_at` (docs/incremental.md).
-#}
{%- set payload_paths = [
    'id', 'updated_at', 'created_at', 'order_id',
    'inventory_item_id', 'location_id', 'subtotal_price', 'customer.id', 'shop_id',
] -%}
{%- set privacy_topics = "('" ~ privacy_request_topics() | join("', '") ~ "')" -%}

{{ config(
    materialized='incremental',
    unique_key='event_id',
    indexes=postgres_indexes([
        {'columns': ['event_id'], 'unique': true},
        {'columns': ['received_at']},
        {'columns': ['resource_type', 'resource_id']},
    ]),
) }}

with landed as (

    {{ landed_batch(ref('stg_shopify__webhook_deliveries')) }}

),

parsed as (

    select
        event_id,
        topic,
        received_at,
        split_part(topic, '/', 1) as topic_resource,
        split_part(topic, '/', 2) as topic_action,
        {{ json_is_object('payload') }} as is_object,
        {{ json_parse('payload', payload_paths) }} as parsed
    from landed {{ evaluate_once() }}

),

fields as (

    select
        *,
        {{- json_fields('parsed', payload_paths) }}
    from parsed {{ evaluate_once() }}

),

classified as (

    select
        event_id,
        topic,
        received_at,
        is_object,
        case
            when topic in {{ privacy_topics }} then 'privacy_request'
            when topic_resource = 'orders' then 'order'
            when topic_resource = 'products' then 'product'
            when topic_resource = 'customers' then 'customer'
            when topic_resource = 'fulfillments' then 'fulfillment'
            when topic_resource = 'refunds' then 'refund'
            when topic_resource = 'inventory_items' then 'inventory_item'
            when topic_resource = 'inventory_levels' then 'inventory_level'
        end as resource_type,
        topic_action = 'delete' as is_deletion,
        case
            when not is_object then null
            when topic = 'shop/redact' then cast({{ try_cast('shop_id', 'bigint') }} as varchar)
            when topic in {{ privacy_topics }}
                then cast({{ try_cast('customer__id', 'bigint') }} as varchar)
            when topic_resource = 'inventory_levels'
                then cast({{ try_cast('inventory_item_id', 'bigint') }} as varchar)
                    || ':' || cast({{ try_cast('location_id', 'bigint') }} as varchar)
            else cast({{ try_cast('id', 'bigint') }} as varchar)
        end as resource_id,
        case
            when not is_object then null
            when topic in {{ privacy_topics }} then received_at
            when topic_resource = 'refunds' then {{ try_cast('created_at', 'timestamptz') }}
            else {{ try_cast('updated_at', 'timestamptz') }}
        end as resource_updated_at,
        case
            when not is_object then null
            when topic_resource = 'orders' and topic_action != 'delete'
                then
                    {{ try_cast('created_at', 'timestamptz') }} is not null
                    and {{ try_cast('subtotal_price', 'numeric(18, 2)') }} is not null
            when topic_resource in ('refunds', 'fulfillments')
                then {{ try_cast('order_id', 'bigint') }} is not null
            else true
        end as has_required_fields
    from fields

),

first_deliveries as (

    {{ first_deliveries('classified') }}

),

validated as (

    select
        *,
        case
            when resource_type is null then 'unhandled topic'
            when not is_object then 'payload is not a JSON object'
            when resource_id is null then 'missing or non-integer resource id'
            when not is_deletion and resource_updated_at is null then 'missing or unparseable version timestamp'
            when not is_deletion and not has_required_fields then 'missing or unparseable required field'
        end as rejection_reason
    from first_deliveries

),

content_ranked as (

    {{ content_ranks('validated', ['topic', 'resource_id', 'resource_updated_at']) }}

),

final as (

    select
        event_id,
        topic,
        resource_type,
        resource_id,
        resource_updated_at,
        is_deletion,
        received_at,
        delivery_count,
        rejection_reason,
        rejection_reason is null as is_valid,
        coalesce(content_rank, 1) > 1 as is_content_duplicate
    from content_ranked

)

select * from final
