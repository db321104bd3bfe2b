{#- Tile 5, operator SLA performance over the 7 business days ending at the as-of date, one row per operator. -#}
with resolution as (

    select * from {{ ref('operator_sla_resolution') }}
    where date = {{ as_of_date() }}

)

select
    operator_id,
    resolution_rate_7d_pct as resolution_rate_pct,
    median_response_minutes_7d as median_response_minutes,
    p90_response_minutes_7d as p90_response_minutes,
    items_due_7d as items_due,
    items_resolved_within_sla_7d as items_resolved_within_sla,
    responded_items_7d as responded_items,
    date as as_of_date
from resolution
