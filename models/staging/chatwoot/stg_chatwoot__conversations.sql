{#-
    One row per conversation, its latest version. The body is the
    conversation as Chatwoot's webhooks send it (docs/webhook_payloads.md):
    no `account` key (the account is the delivery's: the endpoint that
    received it, or the loader's --account-id; `account_id` or `account.id`
    in the body are read where some Chatwoot builds send them), `waiting_since`
    in epoch seconds with 0 for "nobody waits", and `first_reply_created_at`
    as an ISO 8601 string (epoch seconds are still read).
-#}
{%- set paths = [
    'id', 'inbox_id', 'account_id', 'account.id', 'status', 'priority', 'labels:json',
    'meta.sender.id', 'meta.sender.email', 'meta.sender.custom_attributes.shopify_customer_id',
    'meta.assignee.id', 'meta.assignee.name',
    'custom_attributes.shopify_customer_id', 'custom_attributes.order_number',
    'created_at', 'updated_at', 'timestamp', 'first_reply_created_at', 'waiting_since',
] -%}

{{ config(
    materialized='incremental',
    unique_key='conversation_id',
    indexes=postgres_indexes([{'columns': ['conversation_id']}, {'columns': ['source_received_at']}]),
) }}

with latest as (

    {{ latest_versions(
        ref('stg_chatwoot__webhook_events'), ref('stg_chatwoot__webhook_deliveries'), 'conversation', topic_column='event'
    ) }}

),

parsed as (

    select
        latest.event_id,
        latest.received_at,
        latest.version_count,
        events.account_id as delivery_account_id,
        {{ json_parse('latest.payload', paths) }} as conversation_json
    from latest
    left join {{ ref('stg_chatwoot__webhook_events') }} as events
        on latest.event_id = events.event_id
    {{ evaluate_once() }}

),

renamed as (

    select
        -- ids (Chatwoot's display id is the conversation id its webhooks send)
        {{ try_cast(json_get('conversation_json', 'id'), 'bigint') }} as conversation_id,
        coalesce(
            delivery_account_id,
            {{ try_cast(json_get('conversation_json', 'account_id'), 'bigint') }},
            {{ try_cast(json_get('conversation_json', 'account.id'), 'bigint') }}
        ) as account_id,
        {{ try_cast(json_get('conversation_json', 'inbox_id'), 'bigint') }} as inbox_id,
        {{ try_cast(json_get('conversation_json', 'meta.sender.id'), 'bigint') }} as contact_id,
        nullif(lower(trim({{ json_get('conversation_json', 'meta.sender.email') }})), '') as contact_email,
        {{ try_cast(json_get('conversation_json', 'meta.assignee.id'), 'bigint') }} as assignee_id,
        {{ json_get('conversation_json', 'meta.assignee.name') }} as assignee_name,
        -- the contact's custom attribute, else the conversation's
        coalesce(
            {{ try_cast(json_get('conversation_json', 'meta.sender.custom_attributes.shopify_customer_id'), 'bigint') }},
            {{ try_cast(json_get('conversation_json', 'custom_attributes.shopify_customer_id'), 'bigint') }}
        ) as shopify_customer_id,
        {{ json_get('conversation_json', 'custom_attributes.order_number') }} as order_name,

        -- status
        lower({{ json_get('conversation_json', 'status') }}) as status,
        lower(coalesce({{ json_get('conversation_json', 'priority') }}, 'none')) as priority,
        {{ json_text_array(json_get('conversation_json', 'labels:json')) }} as labels,

        -- timestamps (UTC; Chatwoot sends epoch seconds)
        {{ epoch_to_timestamp(json_get('conversation_json', 'created_at')) }} as created_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'updated_at')) }} as updated_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'timestamp')) }} as last_activity_at,
        coalesce(
            {{ try_cast(json_get('conversation_json', 'first_reply_created_at'), 'timestamptz') }},
            {{ epoch_to_timestamp(json_get('conversation_json', 'first_reply_created_at')) }}
        ) as first_reply_created_at,
        -- 0 means nobody is waiting (Chatwoot sends `waiting_since.to_i`)
        case
            when {{ try_cast(json_get('conversation_json', 'waiting_since'), 'double') }} > 0
                then {{ epoch_to_timestamp(json_get('conversation_json', 'waiting_since')) }}
        end as waiting_since,

        -- lineage
        version_count,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
