{#-
    Chatwoot's first response time (doc block `first_response_time`): the
    first outgoing, non-private message by an agent (not a bot, not an
    activity message), and the SLA clock against the `sla_targets` seed
    (doc block `is_sla_breach`).
-#}
with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}

),

messages as (

    select * from {{ ref('stg_chatwoot__messages') }}

),

sla_targets as (

    select * from {{ ref('sla_targets') }}

),

first_agent_replies as (

    select
        conversation_id,
        min(created_at) as first_response_at
    from messages
    where message_type = 'outgoing'
        and not is_private
        and sender_type = 'user'
    group by conversation_id

),

message_counts as (

    select
        conversation_id,
        count(*) as message_count,
        sum(case when message_type = 'incoming' then 1 else 0 end) as incoming_message_count
    from messages
    group by conversation_id

),

clocked as (

    select
        conversations.conversation_id,
        conversations.priority,
        conversations.created_at,
        first_agent_replies.first_response_at,
        {{ ratio(seconds_between('conversations.created_at', 'first_agent_replies.first_response_at'), 60, scale=1) }}
            as first_response_time_minutes,
        sla_targets.first_response_target_minutes,
        {{ seconds_between(
            'conversations.created_at',
            'coalesce(first_agent_replies.first_response_at, ' ~ as_of_now() ~ ')'
        ) }} as seconds_waited,
        cast(coalesce(message_counts.message_count, 0) as bigint) as message_count,
        cast(coalesce(message_counts.incoming_message_count, 0) as bigint) as incoming_message_count
    from conversations
    left join first_agent_replies
        on conversations.conversation_id = first_agent_replies.conversation_id
    left join message_counts
        on conversations.conversation_id = message_counts.conversation_id
    left join sla_targets
        on conversations.priority = sla_targets.priority

),

final as (

    select
        conversation_id,
        first_response_at,
        first_response_time_minutes,
        first_response_target_minutes,
        {{ is_sla_breach('seconds_waited', 'first_response_target_minutes') }} as is_sla_breach,
        message_count,
        incoming_message_count
    from clocked

)

select * from final
