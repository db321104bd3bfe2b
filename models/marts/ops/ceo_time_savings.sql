{#-
    One row per business date and task category with time-savings entries:
    minutes spent, baseline minutes, minutes and hours saved (doc block
    `minutes_saved`).
-#}
with entries as (

    select * from {{ ref('int_time_savings__entries') }}
    where entry_date <= {{ as_of_date() }}

),

final as (

    select
        entry_date as date,
        task_category,
        cast(count(*) as integer) as entries,
        cast(sum(minutes_spent) as numeric(12, 2)) as minutes_spent,
        cast(sum(baseline_minutes) as numeric(12, 2)) as baseline_minutes,
        cast(sum(minutes_saved) as numeric(12, 2)) as minutes_saved,
        {{ ratio('sum(minutes_saved)', 60) }} as hours_saved,
        cast(sum(case when entry_source = 'manual' then 1 else 0 end) as integer) as manual_entries,
        cast(sum(case when entry_source = 'calculated' then 1 else 0 end) as integer) as calculated_entries
    from entries
    group by entry_date, task_category

)

select * from final
