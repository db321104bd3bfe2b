{#-
    One row per message. Messages arrive in two shapes (DESIGN.md): message
    events (message_type as a string, created_at ISO) and the messages[] a
    conversation event embeds (message_type an integer 0-3, created_at epoch).
    Both are read; a message event's version wins over an embedded copy.
    Chatwoot never sends activity messages by webhook (they are accepted, and
    no figure relies on them). A CSAT survey is a `template` message of
    `content_type` `input_csat`; the contact's rating arrives as a
    `message_updated` of it, in
    `content_attributes.submitted_values.csat_survey_response.rating`.

    Incremental (delete+insert on message_id, watermark `source_received_at`):
    a run re-ranks the messages with a message event received since the
    watermark (their every message event, as `latest_versions` does for any
    entity) and those embedded in a conversation event received since then.
    An embedded-only message competes with the row this model holds for it,
    which is the best of its older versions (`held_rows`), so old
    conversation events are never read again.
-#}
{%- set csat_rating = 'content_attributes.submitted_values.csat_survey_response.rating' -%}
{%- set message_paths = [
    'id', 'content', 'content_type', 'created_at', 'message_type', 'private',
    'sender.id', 'sender.type', 'conversation.id', 'account.id', csat_rating,
] -%}
{%- set embedded_paths = [
    'id', 'content', 'content_type', 'created_at', 'message_type', 'private',
    'sender.id', 'sender.type', 'sender_type', 'conversation_id', 'account_id', csat_rating,
] -%}

{#- indexed on conversation_id too: the tile refresh reads a conversation's rows by it (docs/production.md) -#}
{{ config(
    materialized='incremental',
    unique_key='message_id',
    indexes=postgres_indexes([{'columns': ['message_id']}, {'columns': ['source_received_at']}, {'columns': ['conversation_id']}]),
) }}

with message_events as (

    {{ latest_versions(
        ref('stg_chatwoot__webhook_events'), ref('stg_chatwoot__webhook_deliveries'), 'message', topic_column='event'
    ) }}

),

conversation_event_keys as (

    select
        event_id,
        received_at,
        event
    from {{ ref('stg_chatwoot__webhook_events') }}
    where resource_type = 'conversation'
        and is_valid
        {% if is_incremental() -%}
            and received_at >= {{ incremental_watermark() }}
        {%- endif %}

),

conversation_events as (

    {{ delivery_payloads('conversation_event_keys', ref('stg_chatwoot__webhook_deliveries'), topic_column='event') }}

),

from_message_events as (

    select
        event_id,
        received_at,
        1 as shape_rank,
        {{ json_parse('payload', message_paths) }} as message_json
    from message_events {{ evaluate_once() }}

),

embedded as (

    select
        event_id,
        received_at,
        {{ json_array_elements(json_get(json_parse('payload', ['messages:json']), 'messages:json')) }} as message
    from conversation_events

),

from_embedded as (

    select
        event_id,
        received_at,
        2 as shape_rank,
        {{ json_parse('message', embedded_paths) }} as message_json
    from embedded {{ evaluate_once() }}

),

message_event_rows as (

    select
        {{ try_cast(json_get('message_json', 'id'), 'bigint') }} as message_id,
        {{ try_cast(json_get('message_json', 'conversation.id'), 'bigint') }} as conversation_id,
        {{ try_cast(json_get('message_json', 'account.id'), 'bigint') }} as account_id,
        {{ json_get('message_json', 'content') }} as content,
        {{ json_get('message_json', 'content_type') }} as content_type,
        {{ try_cast(json_get('message_json', csat_rating), 'integer') }} as csat_rating,
        lower({{ json_get('message_json', 'message_type') }}) as message_type,
        coalesce({{ try_cast(json_get('message_json', 'private'), 'boolean') }}, false) as is_private,
        {{ try_cast(json_get('message_json', 'sender.id'), 'bigint') }} as sender_id,
        lower({{ json_get('message_json', 'sender.type') }}) as raw_sender_type,
        {{ try_cast(json_get('message_json', 'created_at'), 'timestamptz') }} as created_at,
        shape_rank,
        event_id,
        received_at
    from from_message_events

),

embedded_rows as (

    select
        {{ try_cast(json_get('message_json', 'id'), 'bigint') }} as message_id,
        {{ try_cast(json_get('message_json', 'conversation_id'), 'bigint') }} as conversation_id,
        {{ try_cast(json_get('message_json', 'account_id'), 'bigint') }} as account_id,
        {{ json_get('message_json', 'content') }} as content,
        {{ json_get('message_json', 'content_type') }} as content_type,
        {{ try_cast(json_get('message_json', csat_rating), 'integer') }} as csat_rating,
        case {{ json_get('message_json', 'message_type') }}
            when '0' then 'incoming'
            when '1' then 'outgoing'
            when '2' then 'activity'
            when '3' then 'template'
        end as message_type,
        coalesce({{ try_cast(json_get('message_json', 'private'), 'boolean') }}, false) as is_private,
        {{ try_cast(json_get('message_json', 'sender.id'), 'bigint') }} as sender_id,
        lower(coalesce({{ json_get('message_json', 'sender.type') }}, {{ json_get('message_json', 'sender_type') }}))
            as raw_sender_type,
        {{ epoch_to_timestamp(json_get('message_json', 'created_at')) }} as created_at,
        shape_rank,
        event_id,
        received_at
    from from_embedded

),

{%- if is_incremental() %}

{# the rows this model holds for the messages embedded in this run's
    conversation events that no message event of this run re-ranks: a held
    row is the best of the message's older versions, so ranking it against
    the new embedded copies gives what a full refresh would #}
    held_rows as (

        select
            message_id,
            conversation_id,
            account_id,
            content,
            content_type,
            csat_rating,
            message_type,
            is_private,
            sender_id,
            sender_type as raw_sender_type,
            created_at,
            case source_shape when 'message_event' then 1 else 2 end as shape_rank,
            source_event_id as event_id,
            source_received_at as received_at
        from {{ this }}
        where message_id in (select embedded_rows.message_id from embedded_rows)
            and message_id not in (
                select message_event_rows.message_id from message_event_rows
                where message_event_rows.message_id is not null
            )

    ),
{%- endif %}

unioned as (

    select * from message_event_rows
    union all
    select * from embedded_rows
    {%- if is_incremental() %}
        union all
        select * from held_rows
    {%- endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by message_id
            order by shape_rank asc, received_at desc, event_id desc
        ) as message_rank
    from unioned
    where message_id is not null

),

renamed as (

    select
        -- ids
        message_id,
        conversation_id,
        account_id,
        sender_id,

        -- classification
        message_type,
        case
            when raw_sender_type in ('agentbot', 'agent_bot') then 'agent_bot'
            else raw_sender_type
        end as sender_type,
        is_private,

        -- content
        content,
        content_type,
        csat_rating,

        -- timestamps (UTC)
        created_at,

        -- lineage
        case shape_rank when 1 then 'message_event' else 'conversation_event' end as source_shape,
        event_id as source_event_id,
        received_at as source_received_at
    from ranked
    where message_rank = 1

)

select * from renamed
