{#-
    One row per operator and business date: queue items due that day and
    resolved within SLA, and the trailing 7-day figures the SLA tile shows
    (doc blocks `resolution_rate`, `operator_response_time`): the share of
    items due in the 7 days ending at the date that were resolved before
    their SLA due time, and the median and 90th percentile minutes from an
    item's creation to the operator's first action, for items created in
    those 7 days.
-#}
{%- set window_days = 7 -%}

with items as (

    select * from {{ ref('int_queue_items__sla') }}
    where operator_id is not null

),

operators as (

    select distinct operator_id from items

),

days as (

    {{ date_spine_days(
        "(select min(created_date) from " ~ ref('int_queue_items__sla') ~ ")",
        as_of_date()
    ) }}

),

grid as (

    select
        operators.operator_id,
        cast(days.date_day as date) as date_day
    from operators
    cross join days

),

due_daily as (

    select
        operator_id,
        due_date,
        count(*) as items_due,
        sum(case when is_resolved_within_sla then 1 else 0 end) as items_resolved_within_sla
    from items
    group by operator_id, due_date

),

created_daily as (

    select
        operator_id,
        created_date,
        count(*) as items_created
    from items
    group by operator_id, created_date

),

response_window as (

    select
        grid.operator_id,
        grid.date_day,
        percentile_cont(0.5) within group (order by cast(items.first_action_minutes as double precision))
            as median_minutes,
        percentile_cont(0.9) within group (order by cast(items.first_action_minutes as double precision))
            as p90_minutes,
        count(items.first_action_minutes) as responded_items_7d
    from grid
    inner join items
        on grid.operator_id = items.operator_id
            and grid.date_day >= items.created_date
            and items.created_date > grid.date_day - {{ window_days }}
    where items.first_action_minutes is not null
    group by grid.operator_id, grid.date_day

),

combined as (

    select
        grid.operator_id,
        grid.date_day,
        coalesce(created_daily.items_created, 0) as items_created,
        coalesce(due_daily.items_due, 0) as items_due,
        coalesce(due_daily.items_resolved_within_sla, 0) as items_resolved_within_sla
    from grid
    left join due_daily
        on grid.operator_id = due_daily.operator_id
            and grid.date_day = due_daily.due_date
    left join created_daily
        on grid.operator_id = created_daily.operator_id
            and grid.date_day = created_daily.created_date

),

windowed as (

    select
        *,
        sum(items_due) over (
            partition by operator_id order by date_day rows between {{ window_days - 1 }} preceding and current row
        ) as items_due_7d,
        sum(items_resolved_within_sla) over (
            partition by operator_id order by date_day rows between {{ window_days - 1 }} preceding and current row
        ) as items_resolved_within_sla_7d
    from combined

),

final as (

    select
        windowed.date_day as date,
        windowed.operator_id,
        cast(windowed.items_created as integer) as items_created,
        cast(windowed.items_due as integer) as items_due,
        cast(windowed.items_resolved_within_sla as integer) as items_resolved_within_sla,
        {{ ratio('windowed.items_resolved_within_sla', 'windowed.items_due', multiplier=100) }} as resolution_rate_pct,
        cast(windowed.items_due_7d as integer) as items_due_7d,
        cast(windowed.items_resolved_within_sla_7d as integer) as items_resolved_within_sla_7d,
        {{ ratio('windowed.items_resolved_within_sla_7d', 'windowed.items_due_7d', multiplier=100) }}
            as resolution_rate_7d_pct,
        cast(coalesce(response_window.responded_items_7d, 0) as integer) as responded_items_7d,
        {{ ratio('response_window.median_minutes', 1, scale=1) }} as median_response_minutes_7d,
        {{ ratio('response_window.p90_minutes', 1, scale=1) }} as p90_response_minutes_7d
    from windowed
    left join response_window
        on windowed.operator_id = response_window.operator_id
            and windowed.date_day = response_window.date_day

)

select * from final
