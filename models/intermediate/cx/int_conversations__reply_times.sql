{#-
    Chatwoot's reply time (doc block `avg_reply_time`), per conversation.

    Chatwoot keeps `waiting_since` on the conversation and times a reply from
    it (its `reply_created` reporting event): the contact starts waiting when
    the conversation is created, when they write while nobody is waiting
    already, and at a bot handoff; a public reply by an agent or a bot, and a
    resolution, end the wait. Each agent reply that ends a wait is timed from
    its start, except the first reply, which Chatwoot times as the first
    response instead.

    The clock is replayed here from the messages and the status history (the
    `waiting_since` a conversation event carries is only its value at that
    moment): the events of a conversation in time order, each wait is the
    stretch between two wait-ending events, and its start is the earliest
    wait-starting event in it. At the same instant a wait starts before it
    ends (a contact's message and a bot's answer in the same second).
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

clock_events as (

    -- the conversation's creation starts a wait
    select
        conversation_id,
        created_at as event_at,
        0 as event_order,
        cast(null as bigint) as message_id,
        true as starts_wait,
        false as is_agent_reply
    from conversations

    union all

    -- so does a message of the contact's
    select
        conversation_id,
        created_at as event_at,
        0 as event_order,
        message_id,
        true as starts_wait,
        false as is_agent_reply
    from messages
    where message_type = 'incoming'

    union all

    -- and a bot handoff
    select
        conversation_id,
        transitioned_at as event_at,
        0 as event_order,
        cast(null as bigint) as message_id,
        true as starts_wait,
        false as is_agent_reply
    from transitions
    where is_bot_handoff

    union all

    -- a public reply by an agent or a bot ends it
    select
        conversation_id,
        created_at as event_at,
        1 as event_order,
        message_id,
        false as starts_wait,
        sender_type = 'user' as is_agent_reply
    from messages
    where message_type = 'outgoing'
        and not is_private
        and sender_type in ('user', 'agent_bot')

    union all

    -- and so does a resolution
    select
        conversation_id,
        transitioned_at as event_at,
        1 as event_order,
        cast(null as bigint) as message_id,
        false as starts_wait,
        false as is_agent_reply
    from transitions
    where is_resolution

),

sequenced as (

    select
        *,
        -- the waits ended before this event: the events of one wait share it
        coalesce(sum(case when starts_wait then 0 else 1 end) over (
            partition by conversation_id
            order by event_at, event_order, message_id
            rows between unbounded preceding and 1 preceding
        ), 0) as wait_number,
        case when is_agent_reply then
                row_number() over (
                    partition by conversation_id, is_agent_reply
                    order by event_at, event_order, message_id
                )
        end as agent_reply_number
    from clock_events
    where conversation_id is not null
        and event_at is not null

),

waits as (

    select
        conversation_id,
        wait_number,
        min(case when starts_wait then event_at end) as waiting_since
    from sequenced
    group by conversation_id, wait_number

),

timed_replies as (

    select
        sequenced.conversation_id,
        {{ seconds_between('waits.waiting_since', 'sequenced.event_at') }} as reply_seconds
    from sequenced
    inner join waits
        on sequenced.conversation_id = waits.conversation_id
            and sequenced.wait_number = waits.wait_number
    where sequenced.agent_reply_number > 1
        and waits.waiting_since is not null

),

final as (

    select
        conversation_id,
        count(*) as timed_reply_count,
        {{ ratio('avg(cast(reply_seconds as double precision))', 60, scale=1) }} as avg_reply_time_minutes
    from timed_replies
    group by conversation_id

)

select * from final
