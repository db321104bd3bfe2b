{#-
    The dbt data tests of the build, one row per test: created empty by the
    run, filled by the on-run-end hook `record_test_results` of the
    invocation that runs the tests (`dbt build`, `dbt test`, the audit step
    of scripts/build_prod). v_data_quality_checks lists them beside the
    checks of dq_check_results (doc block `data_quality_checks`).
-#}
select
    cast(null as varchar) as check_name,
    cast(null as varchar) as relation_name,
    cast(null as varchar) as description,
    cast(null as varchar) as severity,
    cast(null as bigint) as failing_rows,
    cast(null as varchar) as status,
    cast(null as timestamptz) as checked_at
where 1 = 0
