{#-
    Minutes saved per time-savings entry (doc block `minutes_saved`): the
    task's baseline (the entry's own, else the `time_savings_baselines` seed)
    minus the minutes actually spent; a negative saving counts only when the
    entry says so (`allow_negative`), else it counts as 0.
-#}
with entries as (

    select * from {{ ref('stg_ops__time_savings_entries') }}

),

baselines as (

    select * from {{ ref('time_savings_baselines') }}

),

final as (

    select
        entries.entry_id,
        entries.entry_date,
        entries.task_category,
        entries.entry_source,
        entries.minutes_spent,
        cast(coalesce(entries.baseline_minutes, baselines.baseline_minutes) as numeric(12, 2)) as baseline_minutes,
        cast(
            case
                when entries.allow_negative
                    then coalesce(entries.baseline_minutes, baselines.baseline_minutes) - entries.minutes_spent
                else greatest(coalesce(entries.baseline_minutes, baselines.baseline_minutes) - entries.minutes_spent, 0)
            end as numeric(12, 2)
        ) as minutes_saved
    from entries
    left join baselines
        on entries.task_category = baselines.task_category

)

select * from final
