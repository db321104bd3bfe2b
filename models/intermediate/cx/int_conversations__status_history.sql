{#-
    The status history of every conversation (doc block
    `conversation_status_history`): one row per status change, read from the
    stream of conversation versions (stg_chatwoot__conversation_statuses), in
    the order of the conversation's own `updated_at`, so deliveries that
    arrive late or out of order take their place.

    - The first status seen is a row with no `from_status` (a conversation
      starts `open`, or `pending` in an inbox with an active bot).
    - Several events of one save (`conversation_updated` and
      `conversation_status_changed` of the same change) carry the same
      `updated_at`: they are one version.
    - A version whose status equals the previous version's is no change.
      Every conversation event carries the whole status, so a change whose
      webhook never arrived is seen at the next version that does, as a
      change from the status last seen.
    - `pending` to `open` is the bot handoff (Chatwoot's
      `conversation_bot_handoff`: the bot passes the conversation to the
      agents); an `open` reached from `resolved` (directly, or through
      `pending` in a bot inbox, where the bot answers the contact first) is a
      reopen (Chatwoot's `conversation_opened` after a resolution).
-#}
{{ refresh_restricted_config() }}

with statuses as (

    select * from {{ ref('stg_chatwoot__conversation_statuses') }}
    where status is not null
        and conversation_id is not null
    {{ in_refresh('conversation_id', 'int_refresh__conversations', keyword='and') }}

),

versions as (

    select
        conversation_id,
        status,
        status_at,
        row_number() over (
            partition by conversation_id, status_at
            order by case event when 'conversation_status_changed' then 0 else 1 end, conversation_status_id
        ) as same_moment_rank
    from statuses

),

sequenced as (

    select
        conversation_id,
        status,
        status_at,
        lag(status) over (partition by conversation_id order by status_at) as previous_status
    from versions
    where same_moment_rank = 1

),

changes as (

    select
        conversation_id,
        previous_status as from_status,
        status as to_status,
        status_at as transitioned_at
    from sequenced
    where previous_status is null
        or previous_status != status

),

with_prior as (

    select
        *,
        row_number() over (partition by conversation_id order by transitioned_at) as transition_number,
        max(case when to_status = 'resolved' then transitioned_at end) over (
            partition by conversation_id order by transitioned_at
            rows between unbounded preceding and 1 preceding
        ) as prior_resolved_at,
        max(case when to_status = 'open' then transitioned_at end) over (
            partition by conversation_id order by transitioned_at
            rows between unbounded preceding and 1 preceding
        ) as prior_opened_at
    from changes

),

final as (

    select
        conversation_id,
        transition_number,
        from_status,
        to_status,
        -- whole seconds, as Chatwoot's reports time its events (`to_i`); `updated_at` is fractional
        {{ dbt.date_trunc('second', 'transitioned_at') }} as transitioned_at,
        coalesce(from_status = 'pending' and to_status = 'open', false) as is_bot_handoff,
        coalesce(
            to_status = 'open'
            and prior_resolved_at is not null
            and (prior_opened_at is null or prior_opened_at < prior_resolved_at),
            false
        ) as is_reopen,
        to_status = 'resolved' as is_resolution
    from with_prior

)

select * from final
