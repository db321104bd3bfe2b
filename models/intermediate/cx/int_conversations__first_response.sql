{#-
    Chatwoot's first response time (doc block `first_response_time`) and the
    SLA clock against the `sla_targets` seed (doc block `is_sla_breach`).

    The first response is the first outgoing, public message by a human
    agent (`sender.type` user: not a bot, not a template such as the CSAT
    survey, not an activity message, not a private note). Its clock starts,
    as in Chatwoot's reporting listener (`last_non_human_activity`), at the
    conversation's last transition into `open` at or before that reply (the
    bot handoff, a reopen, the end of a snooze), else at its creation. An
    unanswered conversation's clock runs from the same start to its first
    resolution after it, or to the as-of moment while it is not resolved.
-#}
{{ refresh_restricted_config() }}

with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

messages as (

    select * from {{ ref('stg_chatwoot__messages') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

transitions as (

    select * from {{ ref('int_conversations__status_history') }}

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
    -- Chatwoot never sends activity messages by webhook: counting the ones a capture holds would make
    -- the count depend on how the conversation arrived
    where message_type != 'activity'
    group by conversation_id

),

answered as (

    select
        conversations.conversation_id,
        conversations.priority,
        conversations.created_at,
        first_agent_replies.first_response_at
    from conversations
    left join first_agent_replies
        on conversations.conversation_id = first_agent_replies.conversation_id

),

clock_starts as (

    select
        answered.conversation_id,
        max(transitions.transitioned_at) as last_opened_at
    from answered
    inner join transitions
        on answered.conversation_id = transitions.conversation_id
    where transitions.to_status = 'open'
        and transitions.from_status is not null
        and transitions.transitioned_at <= coalesce(answered.first_response_at, {{ as_of_now() }})
    group by answered.conversation_id

),

started as (

    select
        answered.*,
        case
            when clock_starts.last_opened_at > answered.created_at then clock_starts.last_opened_at
            else answered.created_at
        end as response_clock_started_at
    from answered
    left join clock_starts
        on answered.conversation_id = clock_starts.conversation_id

),

unanswered_resolutions as (

    select
        started.conversation_id,
        min(transitions.transitioned_at) as resolved_at
    from started
    inner join transitions
        on started.conversation_id = transitions.conversation_id
    where started.first_response_at is null
        and transitions.is_resolution
        and transitions.transitioned_at >= started.response_clock_started_at
    group by started.conversation_id

),

clocked as (

    select
        started.conversation_id,
        started.first_response_at,
        started.response_clock_started_at,
        {{ ratio(seconds_between('started.response_clock_started_at', 'started.first_response_at'), 60, scale=1) }}
            as first_response_time_minutes,
        sla_targets.first_response_target_minutes,
        {{ seconds_between(
            'started.response_clock_started_at',
            'coalesce(started.first_response_at, unanswered_resolutions.resolved_at, ' ~ as_of_now() ~ ')'
        ) }} as seconds_waited,
        cast(coalesce(message_counts.message_count, 0) as bigint) as message_count,
        cast(coalesce(message_counts.incoming_message_count, 0) as bigint) as incoming_message_count
    from started
    left join unanswered_resolutions
        on started.conversation_id = unanswered_resolutions.conversation_id
    left join message_counts
        on started.conversation_id = message_counts.conversation_id
    left join sla_targets
        on started.priority = sla_targets.priority

),

final as (

    select
        conversation_id,
        response_clock_started_at,
        first_response_at,
        first_response_time_minutes,
        first_response_target_minutes,
        {{ is_sla_breach('seconds_waited', 'first_response_target_minutes') }} as is_sla_breach,
        message_count,
        incoming_message_count
    from clocked

)

select * from final
