{#-
    v_kpi_summary and the two tiles agree: its open fulfillment issues are
    the rows of v_fulfillment_issues and its open CX escalations (and open
    SLA breaches) those of v_cx_escalations. Each side reads one flag
    (`is_open_issue`, `is_open_escalation`); this test fails should a later
    change filter one side differently. Returns the figures that differ.
-#}
{{ config(meta={'dagster': {'ref': {'name': 'v_kpi_summary'}}}) }}
with summary as (

    select * from {{ ref('v_kpi_summary') }}

),

tiles as (

    select
        (select count(*) from {{ ref('v_fulfillment_issues') }}) as fulfillment_rows,
        (select count(*) from {{ ref('v_fulfillment_issues') }}
            where cast(issue_severity as {{ dbt.type_string() }}) in ('critical', 'high')) as urgent_fulfillment_rows,
        (select count(*) from {{ ref('v_cx_escalations') }}) as escalation_rows,
        (select count(*) from {{ ref('v_cx_escalations') }} where is_sla_breach) as breach_rows

)

select *
from summary
cross join tiles
where summary.open_fulfillment_issues is distinct from tiles.fulfillment_rows
    or summary.urgent_fulfillment_issues is distinct from tiles.urgent_fulfillment_rows
    or summary.open_cx_escalations is distinct from tiles.escalation_rows
    or summary.open_sla_breaches is distinct from tiles.breach_rows
