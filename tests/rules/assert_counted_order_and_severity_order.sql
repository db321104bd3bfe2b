{#-
    Unit test of the counted-order rule (test, cancelled, voided, deleted and
    implausibly dated orders are not counted; missing flags are not exclusions) and of the
    severity ordering every alert view sorts by (critical first).
    Returns the cases that differ.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('int_orders__enriched') }})
with orders as (

    select * from (
        values
            ('paid order', false, null, 'paid', false, null, true),
            ('test order', true, null, 'paid', false, null, false),
            ('cancelled order', false, cast('2026-06-01 10:00:00' as timestamp), 'refunded', false, null, false),
            ('voided order', false, null, 'voided', false, null, false),
            ('deleted order', false, null, 'paid', true, null, false),
            ('flags unknown', null, null, null, null, null, true),
            ('partially refunded', false, null, 'partially_refunded', false, null, true),
            ('dated before the shop opened', false, null, 'paid', false, 'before_first_day', false),
            ('dated without an offset', false, null, 'paid', false, 'no_offset', false)
    ) as t (case_name, is_test, cancelled_at, financial_status, is_deleted, timestamp_issue, expected_counted)

),

counted as (

    select
        case_name,
        {{ is_counted_order('is_test', 'cancelled_at', 'financial_status', 'is_deleted', 'timestamp_issue') }}
            as is_counted,
        expected_counted
    from orders

),

severities as (

    select * from (
        values ('low', 4), ('critical', 1), ('medium', 3), ('high', 2)
    ) as t (severity, expected_position)

),

sorted as (

    select
        severity,
        expected_position,
        row_number() over (order by {{ severity_order('severity') }}) as position
    from severities

)

select case_name as failing_case from counted where is_counted is distinct from expected_counted
union all
select severity from sorted where position is distinct from expected_position
