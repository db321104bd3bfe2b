{#-
    The conversations whose cx_conversations row a refresh recomputes: those
    with a conversation, message or status version staged since the
    published serving layer's watermark (`serving_watermarks`); and those
    whose first-response clock runs (doc block `is_sla_breach`): published,
    not resolved, not answered, not yet past their target.
-#}
{{ refresh_key_set_config() }}
{%- set staged_since = published_watermark('chatwoot_received_at') -%}

with conversations as (

    select conversation_id from {{ ref('stg_chatwoot__conversations') }}
    where source_received_at >= {{ staged_since }}

),

messages as (

    select conversation_id from {{ ref('stg_chatwoot__messages') }}
    where source_received_at >= {{ staged_since }}
        and conversation_id is not null

),

statuses as (

    select conversation_id from {{ ref('stg_chatwoot__conversation_statuses') }}
    where source_received_at >= {{ staged_since }}

),

live as (

    select published.chatwoot_conversation_id as conversation_id
    from {{ published_relation('cx_conversations') }} as published
    where published.status != 'resolved'
        and published.first_response_at is null
        and not published.is_sla_breach

)

select conversation_id from conversations
union
select conversation_id from messages
union
select conversation_id from statuses
union
select conversation_id from live
