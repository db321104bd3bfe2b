{#- Data staleness per landing table and serving table, measured against its thresholds when queried. -#}
with freshness as (

    select * from {{ ref('dq_source_freshness') }}

),

measured as (

    select
        *,
        {{ seconds_between('last_loaded_at', as_of_now()) }} as seconds_stale
    from freshness

)

select
    relation_name,
    relation_kind,
    last_loaded_at,
    case
        when last_loaded_at is not null then {{ ratio('greatest(seconds_stale, 0)', 3600, scale=1) }}
    end as staleness_hours,
    warn_after_hours,
    error_after_hours,
    case
        when last_loaded_at is null then 'stale'
        when seconds_stale > error_after_hours * 3600 then 'stale'
        when seconds_stale > warn_after_hours * 3600 then 'warn'
        else 'fresh'
    end as status
from measured
