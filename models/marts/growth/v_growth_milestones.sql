{#-
    Revenue milestones $1MM -> $10MM (the `revenue_milestones` seed): the
    first business date cumulative net sales crossed each one, or a projected
    date from the trailing 90-day average daily net sales
    (doc block `revenue_milestones`).
-#}
{%- set projection_days = var('milestone_projection_days') -%}

with sales as (

    select
        date,
        net_sales,
        sum(net_sales) over (order by date rows unbounded preceding) as cumulative_net_sales
    from {{ ref('sales_metrics_daily') }}
    where date <= {{ as_of_date() }}

),

milestones as (

    select * from {{ ref('revenue_milestones') }}

),

current_state as (

    select
        sum(net_sales) as cumulative_net_sales,
        sum(case when {{ in_trailing_window('date', projection_days) }} then net_sales else 0 end)
            as trailing_net_sales
    from sales

),

achieved as (

    select
        milestones.milestone_name,
        min(sales.date) as achieved_date
    from milestones
    inner join sales
        on milestones.threshold_amount <= sales.cumulative_net_sales
    group by milestones.milestone_name

),

projected as (

    select
        milestones.milestone_name,
        milestones.milestone_order,
        cast(milestones.threshold_amount as numeric(18, 2)) as threshold_amount,
        cast(current_state.cumulative_net_sales as numeric(18, 2)) as cumulative_net_sales,
        achieved.achieved_date,
        {{ ratio('current_state.trailing_net_sales', projection_days) }} as avg_daily_net_sales_90d,
        case
            when achieved.achieved_date is null and current_state.trailing_net_sales > 0
                then cast(ceil(
                        cast(milestones.threshold_amount - current_state.cumulative_net_sales as double precision)
                        / (cast(current_state.trailing_net_sales as double precision) / {{ projection_days }})
                    ) as integer)
        end as days_to_milestone
    from milestones
    cross join current_state
    left join achieved
        on milestones.milestone_name = achieved.milestone_name

)

select
    milestone_name,
    milestone_order,
    threshold_amount,
    cumulative_net_sales,
    achieved_date is not null as is_achieved,
    achieved_date,
    days_to_milestone,
    case
        when days_to_milestone is not null
            then cast({{ dbt.dateadd('day', 'days_to_milestone', as_of_date()) }} as date)
    end as projected_date,
    {{ ratio('cumulative_net_sales', 'threshold_amount', multiplier=100) }} as progress_pct,
    avg_daily_net_sales_90d
from projected
