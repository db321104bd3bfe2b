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
