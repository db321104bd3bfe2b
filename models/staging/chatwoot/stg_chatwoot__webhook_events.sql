{#-
    One row per Chatwoot event (event_id = SHA-256 of the body), classified
    like stg_shopify__webhook_events: resource, id, version, duplicate content
    and rejection reason. Conversation versions are the conversation's own
    `updated_at` (epoch seconds), else its `timestamp`; a message carries no
    updated_at, so an update outranks the creation by its arrival time.
-#}
{%- set payload_paths = ['id', 'updated_at', 'timestamp', 'created_at'] -%}

{{ incremental_events_config() }}

with landed as (

    {{ webhook_landed_batch(source('raw_chatwoot', 'webhook_events')) }}

),

parsed as (

    select
        landed_row,
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
        landed_row,
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

{{ webhook_first_deliveries('classified', 'received_at') }},

validated as (

    select
        *,
        false as is_deletion,
        case
            when resource_type is null then 'unhandled event'
            when not is_object then 'payload is not a JSON object'
            when resource_id is null then 'missing or non-integer resource id'
            when resource_updated_at is null then 'missing or unparseable version timestamp'
        end as rejection_reason
    from first_deliveries

),

{{ webhook_content_ranks('validated', ['event', 'resource_id', 'resource_updated_at']) }},

delivered as (

    {{ webhook_delivered(source('raw_chatwoot', 'webhook_events')) }}

),

final as (

    select
        validated.event_id,
        validated.event,
        validated.resource_type,
        validated.resource_id,
        validated.resource_updated_at,
        validated.is_deletion,
        validated.account_id,
        validated.received_at,
        validated.delivery_count,
        validated.rejection_reason,
        validated.rejection_reason is null as is_valid,
        coalesce(validated.content_rank, 1) > 1 as is_content_duplicate,
        delivered.payload
    from content_ranked as validated
    inner join delivered
        on validated.landed_row = delivered.landed_row

)

select * from final
