{#-
    The working hours of every inbox on every date (doc block
    `inbox_working_hours`), from the `inbox_working_hours` seed: an inbox
    listed there has its own hours (a day it does not list is closed), any
    other inbox the default rows (no inbox id). The hours are wall-clock
    times in the shop's time zone (var `shop_timezone`), so `opens_at` and
    `closes_at` follow daylight saving time.

    `working_seconds_before` counts the working seconds of the inbox's
    earlier dates: the business clock of a moment is that count plus the
    working seconds of its own date up to it, and the business time between
    two moments is the difference of their clocks (one equality join on the
    inbox and the date per moment, int_conversations__business_minutes).
    Conversations without an inbox get the default hours (inbox -1).
-#}
with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}

),

working_hours as (

    select * from {{ ref('inbox_working_hours') }}

),

inboxes as (

    select distinct coalesce(inbox_id, -1) as inbox_id from conversations

),

days as (

    {{ date_spine_days(
        "(select " ~ business_date('min(created_at)') ~ " - 1 from " ~ ref('stg_chatwoot__conversations') ~ ")",
        "greatest(" ~ as_of_date() ~ ", coalesce((select " ~ business_date('max(updated_at)') ~ " from "
            ~ ref('stg_chatwoot__conversations') ~ "), " ~ as_of_date() ~ ")) + 1"
    ) }}

),

grid as (

    select
        inboxes.inbox_id,
        cast(days.date_day as date) as work_date,
        cast(extract(dow from days.date_day) as integer) as day_of_week,
        exists(
            select 1 from working_hours as listed
            where listed.inbox_id = inboxes.inbox_id
        ) as has_own_hours
    from inboxes
    cross join days

),

with_hours as (

    select
        grid.inbox_id,
        grid.work_date,
        working_hours.closed_all_day,
        working_hours.open_hour * 60 + working_hours.open_minutes as open_minute,
        working_hours.close_hour * 60 + working_hours.close_minutes as close_minute
    from grid
    left join working_hours
        on grid.day_of_week = working_hours.day_of_week
            and (
                (grid.has_own_hours and grid.inbox_id = working_hours.inbox_id)
                or (not grid.has_own_hours and working_hours.inbox_id is null)
            )

),

local_hours as (

    select
        inbox_id,
        work_date,
        not coalesce(closed_all_day, true) as is_open,
        {{ dbt.dateadd('minute', 'open_minute', 'cast(work_date as timestamp)') }} as local_opens_at,
        {{ dbt.dateadd('minute', 'close_minute', 'cast(work_date as timestamp)') }} as local_closes_at
    from with_hours

),

opening as (

    select
        inbox_id,
        work_date,
        case when is_open then local_opens_at at time zone '{{ var("shop_timezone") }}' end as opens_at,
        case when is_open then local_closes_at at time zone '{{ var("shop_timezone") }}' end as closes_at
    from local_hours

),

measured as (

    select
        inbox_id,
        work_date,
        opens_at,
        closes_at,
        coalesce(greatest({{ seconds_between('opens_at', 'closes_at') }}, 0), 0) as working_seconds
    from opening

),

final as (

    select
        inbox_id,
        work_date,
        opens_at,
        closes_at,
        working_seconds,
        coalesce(sum(working_seconds) over (
            partition by inbox_id order by work_date
            rows between unbounded preceding and 1 preceding
        ), 0) as working_seconds_before
    from measured

)

select * from final
