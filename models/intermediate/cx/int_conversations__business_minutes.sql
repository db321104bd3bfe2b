{#-
    The first-response and resolution clocks counted in the inbox's working
    hours (doc block `business_minutes`), as Chatwoot's reports count
    `value_in_business_hours`: the working time between the clock's start and
    its end. Each moment gets its business clock from the inbox's calendar
    (int_inboxes__working_calendar: the working seconds before its date, plus
    those of its date up to it), and a duration is the difference of two
    clocks. Null when either end is missing.
-#}
{{ refresh_restricted_config() }}

with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

first_response as (

    select * from {{ ref('int_conversations__first_response') }}

),

resolution as (

    select * from {{ ref('int_conversations__resolution') }}

),

calendar as (

    select * from {{ ref('int_inboxes__working_calendar') }}

),

edges as (

    select
        conversations.conversation_id,
        coalesce(conversations.inbox_id, -1) as inbox_id,
        first_response.response_clock_started_at as first_response_start_at,
        first_response.first_response_at as first_response_end_at,
        conversations.created_at as resolution_start_at,
        resolution.resolved_at as resolution_end_at
    from conversations
    left join first_response
        on conversations.conversation_id = first_response.conversation_id
    left join resolution
        on conversations.conversation_id = resolution.conversation_id

),

moments as (

    select
        conversation_id,
        inbox_id,
        'first_response' as clock,
        'start' as edge,
        first_response_start_at as moment_at
    from edges
    where first_response_start_at is not null

    union all

    select
        conversation_id,
        inbox_id,
        'first_response' as clock,
        'end' as edge,
        first_response_end_at as moment_at
    from edges
    where first_response_end_at is not null

    union all

    select
        conversation_id,
        inbox_id,
        'resolution' as clock,
        'start' as edge,
        resolution_start_at as moment_at
    from edges
    where resolution_start_at is not null

    union all

    select
        conversation_id,
        inbox_id,
        'resolution' as clock,
        'end' as edge,
        resolution_end_at as moment_at
    from edges
    where resolution_end_at is not null

),

clocked as (

    select
        moments.conversation_id,
        moments.clock,
        moments.edge,
        calendar.working_seconds_before + case
            when calendar.working_seconds = 0 or moments.moment_at <= calendar.opens_at then 0
            when moments.moment_at >= calendar.closes_at then calendar.working_seconds
            else {{ seconds_between('calendar.opens_at', 'moments.moment_at') }}
        end as business_clock
    from moments
    inner join calendar
        on moments.inbox_id = calendar.inbox_id
            and {{ business_date('moments.moment_at') }} = calendar.work_date

),

per_conversation as (

    select
        conversation_id,
        max(case when clock = 'first_response' and edge = 'end' then business_clock end)
        - max(case when clock = 'first_response' and edge = 'start' then business_clock end)
            as first_response_business_seconds,
        max(case when clock = 'resolution' and edge = 'end' then business_clock end)
        - max(case when clock = 'resolution' and edge = 'start' then business_clock end)
            as resolution_business_seconds
    from clocked
    group by conversation_id

),

final as (

    select
        conversation_id,
        {{ ratio('first_response_business_seconds', 60, scale=1) }} as first_response_business_minutes,
        {{ ratio('resolution_business_seconds', 60, scale=1) }} as resolution_business_minutes
    from per_conversation

)

select * from final
