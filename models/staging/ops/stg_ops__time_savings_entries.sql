with source as (

    {{ latest_records(source('raw_ops', 'time_savings_entries'), 'entry_id') }}

),

renamed as (

    select
        entry_id,
        entry_date,
        lower(task_category) as task_category,
        cast(minutes_spent as numeric(12, 2)) as minutes_spent,
        cast(baseline_minutes as numeric(12, 2)) as baseline_minutes,
        allow_negative,
        lower(source) as entry_source,
        note,
        recorded_at
    from source

)

select * from renamed
