{#- Data-quality checks, one row per check: what it checks, on which relation, its status and how many rows fail. -#}
with results as (

    select * from {{ ref('dq_check_results') }}

)

select
    check_name,
    relation_name,
    status,
    failing_rows,
    checked_at,
    severity,
    description
from results
