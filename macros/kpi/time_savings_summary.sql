{#-
    The time-savings summary of a window of business dates (doc block
    `hours_saved`), used by v_ceo_time_savings_30d and v_ceo_time_savings_ytd:
    hours saved in the window, the average per calendar day of the window,
    against the goal of `time_savings_goal_hours_per_day`.
-#}
{% macro time_savings_summary(period_name, start_date, end_date, days_in_period) -%}
with entries as (

    select * from {{ ref('ceo_time_savings') }}
    where date >= {{ start_date }}
        and date <= {{ end_date }}

),

totals as (

    select
        count(distinct date) as days_with_entries,
        sum(entries) as entries,
        sum(minutes_spent) as minutes_spent,
        sum(minutes_saved) as minutes_saved
    from entries

),

top_category as (

    select task_category
    from entries
    group by task_category
    order by sum(minutes_saved) desc, task_category
    limit 1

)

select
    '{{ period_name }}' as period,
    {{ start_date }} as period_start,
    {{ end_date }} as period_end,
    {{ days_in_period }} as days_in_period,
    cast(coalesce(totals.days_with_entries, 0) as integer) as days_with_entries,
    cast(coalesce(totals.entries, 0) as integer) as entries,
    cast(coalesce(totals.minutes_spent, 0) as numeric(12, 2)) as minutes_spent,
    cast(coalesce(totals.minutes_saved, 0) as numeric(12, 2)) as minutes_saved,
    {{ ratio('coalesce(totals.minutes_saved, 0)', 60) }} as hours_saved,
    {{ ratio('coalesce(totals.minutes_saved, 0)', 60 * days_in_period) }} as avg_hours_saved_per_day,
    cast({{ var('time_savings_goal_hours_per_day') }} as numeric(6, 2)) as goal_hours_per_day,
    {{ ratio('coalesce(totals.minutes_saved, 0)', 60 * days_in_period * var('time_savings_goal_hours_per_day'), multiplier=100) }}
        as goal_attainment_pct,
    coalesce(totals.minutes_saved, 0) >= {{ 60 * days_in_period * var('time_savings_goal_hours_per_day') }} as is_goal_met,
    top_category.task_category as top_task_category
from totals
left join top_category on true
{%- endmacro %}
