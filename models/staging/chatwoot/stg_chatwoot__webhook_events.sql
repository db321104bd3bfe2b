{#-
    One row per Chatwoot event (event_id = SHA-256 of the body), classified
    like stg_shopify__webhook_events: resource, id, version, duplicate content
    and rejection reason. Conversation versions are the conversation's own
    `updated_at` (epoch seconds), else its `timestamp`; a message carries no
    updated_at, so an update outranks the creation by its arrival time.
-#}
{%- set payload_paths = ['id', 'updated_at', 'timestamp', 'created_at'] -%}

with source as (

    select * from {{ source('raw_chatwoot', 'webhook_events') }}

),

deliveries as (

    select
        event_id,
        event,
        account_id,
        received_at,
        payload,
        count(*) over (partition by event_id) as delivery_count,
        row_number() over (partition by event_id order by received_at) as delivery_rank
    from source

),

first_deliveries as (

    select
        *,
        {{ json_is_object('payload') }} as is_object,
        {{ json_parse('payload', payload_paths) }} as parsed
    from deliveries
    where delivery_rank = 1

),

classified as (

    select
        event_id,
        event,
        account_id,
        received_at,
        delivery_count,
        payload,
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
    from first_deliveries

),

validated as (

    select
        *,
        case
            when resource_type is null then 'unhandled event'
            when not is_object then 'payload is not a JSON object'
            when resource_id is null then 'missing or non-integer resource id'
            when resource_updated_at is null then 'missing or unparseable version timestamp'
        end as rejection_reason
    from classified

),

content_ranked as (

    select
        *,
        row_number() over (
            partition by event, resource_id, resource_updated_at
            order by received_at, event_id
        ) as content_rank
    from validated

),

final as (

    select
        event_id,
        event,
        resource_type,
        resource_id,
        resource_updated_at,
        false as is_deletion,
        account_id,
        received_at,
        delivery_count,
        rejection_reason,
        rejection_reason is null as is_valid,
        rejection_reason is null and content_rank > 1 as is_content_duplicate,
        payload
    from content_ranked

)

select * from final
