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
