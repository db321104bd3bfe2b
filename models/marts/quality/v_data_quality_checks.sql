{#-
    Data-quality checks, one row per check: the checks of dq_check_results and
    every dbt data test of the build (dq_test_results), with what each checks,
    on which relation, its severity, status and how many rows fail.
-#}
with checks as (

    select
        check_name,
        relation_name,
        status,
        failing_rows,
        checked_at,
        severity,
        description
    from {{ ref('dq_check_results') }}

),

tests as (

    select
        check_name,
        relation_name,
        status,
        failing_rows,
        checked_at,
        severity,
        description
    from {{ ref('dq_test_results') }}

)

select * from checks
union all
select * from tests
