{%- set paths = [
    'id', 'inbox_id', 'account.id', 'status', 'priority', 'labels:json',
    'meta.sender.id', 'meta.sender.email', 'meta.assignee.id', 'meta.assignee.name',
    'custom_attributes.shopify_customer_id', 'custom_attributes.order_number',
    'created_at', 'updated_at', 'timestamp', 'first_reply_created_at', 'waiting_since',
] -%}

{{ incremental_entity_config('conversation_id') }}

with latest as (

    {{ latest_versions('stg_chatwoot__webhook_events', 'conversation') }}

),

parsed as (

    select
        event_id,
        received_at,
        version_count,
        {{ json_parse('payload', paths) }} as conversation_json
    from latest {{ evaluate_once() }}

),

renamed as (

    select
        -- ids (Chatwoot's display id is the conversation id its webhooks send)
        {{ try_cast(json_get('conversation_json', 'id'), 'bigint') }} as conversation_id,
        {{ try_cast(json_get('conversation_json', 'account.id'), 'bigint') }} as account_id,
        {{ try_cast(json_get('conversation_json', 'inbox_id'), 'bigint') }} as inbox_id,
        {{ try_cast(json_get('conversation_json', 'meta.sender.id'), 'bigint') }} as contact_id,
        lower({{ json_get('conversation_json', 'meta.sender.email') }}) as contact_email,
        {{ try_cast(json_get('conversation_json', 'meta.assignee.id'), 'bigint') }} as assignee_id,
        {{ json_get('conversation_json', 'meta.assignee.name') }} as assignee_name,
        {{ try_cast(json_get('conversation_json', 'custom_attributes.shopify_customer_id'), 'bigint') }}
            as shopify_customer_id,
        {{ json_get('conversation_json', 'custom_attributes.order_number') }} as order_name,

        -- status
        lower({{ json_get('conversation_json', 'status') }}) as status,
        lower(coalesce({{ json_get('conversation_json', 'priority') }}, 'none')) as priority,
        {{ json_text_array(json_get('conversation_json', 'labels:json')) }} as labels,

        -- timestamps (UTC; Chatwoot sends epoch seconds)
        {{ epoch_to_timestamp(json_get('conversation_json', 'created_at')) }} as created_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'updated_at')) }} as updated_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'timestamp')) }} as last_activity_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'first_reply_created_at')) }} as first_reply_created_at,
        {{ epoch_to_timestamp(json_get('conversation_json', 'waiting_since')) }} as waiting_since,

        -- lineage
        version_count,
        event_id as source_event_id,
        received_at as source_received_at
    from parsed

)

select * from renamed
