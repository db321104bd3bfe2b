{#-
    Unit test of the fulfillment tile rules on every branch: the issue type
    precedence (delivery failure > fulfillment error > stuck in transit >
    partial past SLA > unfulfilled past SLA > none) and the severity by hours
    past the SLA deadline (delivery failures and > 72 h critical, >= 24 h
    high, > 0 medium, else low). Returns the cases that differ.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('fulfillment_tracking') }})
with cases as (

    select * from (
        values
            ('failure beats everything', true, true, true, 'partial', true, 0, 'delivery_failure', 'critical'),
            ('error beats stuck', false, true, true, 'fulfilled', false, 0, 'fulfillment_error', 'low'),
            ('stuck in transit', false, false, true, 'fulfilled', false, 30 * 3600, 'stuck_in_transit', 'high'),
            ('partial past sla', false, false, false, 'partial', true, 3600, 'partial_past_sla', 'medium'),
            ('unfulfilled past sla', false, false, false, 'unfulfilled', true, 80 * 3600, 'unfulfilled_past_sla', 'critical'),
            ('exactly 24 h late', false, false, false, 'unfulfilled', true, 24 * 3600, 'unfulfilled_past_sla', 'high'),
            ('exactly 72 h late', false, false, false, 'unfulfilled', true, 72 * 3600, 'unfulfilled_past_sla', 'high'),
            ('partial within sla', false, false, false, 'partial', false, -3600, null, null),
            ('fulfilled, no issue', false, false, false, 'fulfilled', false, 0, null, null)
    ) as t (
        case_name, has_delivery_failure, has_fulfillment_error, is_stuck_in_transit, fulfillment_status,
        is_past_sla, seconds_past_sla, expected_issue_type, expected_severity
    )

),

typed as (

    select
        *,
        {{ fulfillment_issue_type('has_delivery_failure', 'has_fulfillment_error', 'is_stuck_in_transit',
            'fulfillment_status', 'is_past_sla') }} as issue_type
    from cases

),

judged as (

    select
        *,
        {{ fulfillment_issue_severity('issue_type', 'seconds_past_sla') }} as issue_severity
    from typed

)

select *
from judged
where issue_type is distinct from expected_issue_type
    or issue_severity is distinct from expected_severity
