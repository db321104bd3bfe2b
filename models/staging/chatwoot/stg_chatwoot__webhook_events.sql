{#-
    One row per Chatwoot event (event_id = its X-Chatwoot-Delivery header,
    else the SHA-256 of the body), classified
    like stg_shopify__webhook_events: resource, id, version, duplicate content
    and rejection reason. Conversation versions are the conversation's own
    `updated_at` (epoch seconds), else its `timestamp`; a message carries no
    updated_at, so an update outranks the creation by its arrival time. A
    body that is not a JSON object names no event (landed as `(none)`): its
    reason is that, before the event's.

    Incremental on `event_id`, watermark `received_at` (docs/incremental.md).
-#}
{%- set payload_paths = ['id', 'updated_at', 'timestamp', 'created_at'] -%}

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

    {{ landed_batch(ref('stg_chatwoot__webhook_deliveries')) }}

),

parsed as (

    select
        event_id,
        event,
        account_id,
        received_at,
        {{ json_is_object('payload') }} as is_object,
        {{ json_parse('payload', payload_paths) }} as parsed
    from landed {{ evaluate_once() }}

),

classified as (

    select
        event_id,
        event,
        account_id,
        received_at,
        is_object,
        case
            when left(event, 13) = 'conversation_' then 'conversation'
            when event in ('message_created', 'message_updated') then 'message'
        end as resource_type,
        case
            when is_object then cast({{ try_cast(json_get('parsed', 'id'), 'bigint') }} as varchar)
        end as resource_id,
        case
            when not is_object then null
            when left(event, 13) = 'conversation_'
                then coalesce(
                        {{ epoch_to_timestamp(json_get('parsed', 'updated_at')) }},
                        {{ epoch_to_timestamp(json_get('parsed', 'timestamp')) }}
                    )
            when event = 'message_updated' then received_at
            else {{ try_cast(json_get('parsed', 'created_at'), 'timestamptz') }}
        end as resource_updated_at
    from parsed

),

first_deliveries as (

    {{ first_deliveries('classified') }}

),

validated as (

    select
        *,
        false as is_deletion,
        case
            when not is_object then 'payload is not a JSON object'
            when resource_type is null then 'unhandled event'
            when resource_id is null then 'missing or non-integer resource id'
            when resource_updated_at is null then 'missing or unparseable version timestamp'
        end as rejection_reason
    from first_deliveries

),

content_ranked as (

    {{ content_ranks('validated', ['event', 'resource_id', 'resource_updated_at']) }}

),

final as (

    select
        event_id,
        event,
        resource_type,
        resource_id,
        resource_updated_at,
        is_deletion,
        account_id,
        received_at,
        delivery_count,
        rejection_reason,
        rejection_reason is null as is_valid,
        coalesce(content_rank, 1) > 1 as is_content_duplicate
    from content_ranked

)

select * from final
