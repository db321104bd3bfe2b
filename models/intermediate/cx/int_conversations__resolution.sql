{#-
    Resolution time and reopens per conversation, from the status history
    (doc blocks `resolution_time`, `reopen_count`): Chatwoot records a
    `conversation_resolved` reporting event at every resolution, timed from
    the conversation's creation; the figure here is the latest one. A
    conversation never resolved has no row.
-#}
{{ refresh_restricted_config() }}

with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

transitions as (

    select * from {{ ref('int_conversations__status_history') }}

),

per_conversation as (

    select
        conversation_id,
        max(case when is_resolution then transitioned_at end) as resolved_at,
        sum(case when is_resolution then 1 else 0 end) as resolution_count,
        sum(case when is_reopen then 1 else 0 end) as reopen_count
    from transitions
    group by conversation_id
    having sum(case when is_resolution then 1 else 0 end) > 0

),

final as (

    select
        per_conversation.conversation_id,
        per_conversation.resolved_at,
        {{ ratio(seconds_between('conversations.created_at', 'per_conversation.resolved_at'), 60, scale=1) }}
            as resolution_time_minutes,
        cast(per_conversation.resolution_count as integer) as resolution_count,
        cast(per_conversation.reopen_count as integer) as reopen_count
    from per_conversation
    inner join conversations
        on per_conversation.conversation_id = conversations.conversation_id

)

select * from final
