{#-
    Every version of every conversation's status, one row per conversation
    event (not only the latest, as stg_chatwoot__conversations keeps): the
    stream the status history is read from (int_conversations__status_history).
    Every conversation event Chatwoot sends carries the whole conversation,
    its `status` included, as of the conversation's `updated_at` (the
    version, `status_at`). Exact duplicates and repeated content are
    collapsed as everywhere else.

    Incremental: one row per event, and an event staged once never changes
    (a later event repeating its content is the duplicate), so a run stages
    only the events received at or after the newest one held
    (`source_received_at`; delete+insert on the event id).
-#}
{%- set paths = ['status'] -%}

{#- indexed on conversation_id too: the tile refresh reads a conversation's rows by it (docs/production.md) -#}
{{ config(
    materialized='incremental',
    unique_key='conversation_status_id',
    indexes=postgres_indexes([{'columns': ['conversation_status_id']}, {'columns': ['source_received_at']}, {'columns': ['conversation_id']}]),
) }}

with event_keys as (

    select
        event_id,
        received_at,
        event,
        resource_id,
        resource_updated_at
    from {{ ref('stg_chatwoot__webhook_events') }}
    where resource_type = 'conversation'
        and is_valid
        and not is_content_duplicate
        {% if is_incremental() -%}
            and received_at >= {{ incremental_watermark() }}
        {%- endif %}

),

events as (

    {{ delivery_payloads('event_keys', ref('stg_chatwoot__webhook_deliveries'), topic_column='event') }}

),

parsed as (

    select
        event_id,
        event,
        resource_id,
        resource_updated_at,
        received_at,
        {{ json_parse('payload', paths) }} as conversation_json
    from events {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        event_id as conversation_status_id,
        cast(resource_id as bigint) as conversation_id,

        -- status
        lower({{ json_get('conversation_json', 'status') }}) as status,
        event,

        -- timestamps (UTC): the version the status belongs to
        resource_updated_at as status_at,

        -- lineage
        received_at as source_received_at
    from parsed

)

select * from renamed
