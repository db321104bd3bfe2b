{#-
    Fulfillment tile rules (doc blocks `issue_type`, `issue_severity`).

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
