{#-
    Fulfillment tile rules (doc blocks `issue_type`, `issue_severity`,
    `is_open_issue`).

    issue_type: one issue per order, the most serious that applies:
    delivery_failure > fulfillment_error > stuck_in_transit >
    partial_past_sla > unfulfilled_past_sla; null when the order has none.
-#}
{% macro fulfillment_issue_type(has_delivery_failure, has_fulfillment_error, is_stuck_in_transit, fulfillment_status, is_past_sla) -%}
    case
        when {{ has_delivery_failure }} then 'delivery_failure'
        when {{ has_fulfillment_error }} then 'fulfillment_error'
        when {{ is_stuck_in_transit }} then 'stuck_in_transit'
        when {{ fulfillment_status }} = 'partial' and {{ is_past_sla }} then 'partial_past_sla'
        when {{ fulfillment_status }} = 'unfulfilled' and {{ is_past_sla }} then 'unfulfilled_past_sla'
    end
{%- endmacro %}

{#- `seconds_past_sla`: seconds from the SLA deadline to fulfillment (or now), 0 or less when within SLA. -#}
{% macro fulfillment_issue_severity(issue_type, seconds_past_sla) -%}
    case
        when {{ issue_type }} is null then null
        when {{ issue_type }} = 'delivery_failure' or {{ seconds_past_sla }} > 72 * 3600 then 'critical'
        when {{ seconds_past_sla }} >= 24 * 3600 then 'high'
        when {{ seconds_past_sla }} > 0 then 'medium'
        else 'low'
    end
{%- endmacro %}

{#-
    A fulfillment error is resolved by a successful fulfillment created after
    the last failed one (the retry went out).
-#}
{% macro has_unresolved_fulfillment_error(has_fulfillment_error, last_error_at, last_fulfilled_at) -%}
    (
        coalesce({{ has_fulfillment_error }}, false)
        and not coalesce({{ last_fulfilled_at }} > {{ last_error_at }}, false)
    )
{%- endmacro %}

{#-
    is_open_issue: the order has an issue that is not resolved yet, and was
    placed in the issue window (var `fulfillment_issue_window_days`, the
    business days ending at the as-of date). `open_issue_type` is
    `fulfillment_issue_type` with resolved fulfillment errors left out (a
    delivery resolves `stuck_in_transit`, and a fulfillment the `*_past_sla`
    issues, by themselves: the type no longer applies).
-#}
{% macro is_open_fulfillment_issue(open_issue_type, order_date) -%}
    coalesce(
        {{ open_issue_type }} is not null
        and {{ order_date }} >= {{ as_of_date(1 - var('fulfillment_issue_window_days')) }},
        false
    )
{%- endmacro %}
