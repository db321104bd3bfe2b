{% macro is_escalated(priority, sentiment_label, is_sla_breach, labels) -%}
    (
        {{ priority }} in ('urgent', 'high')
        or coalesce({{ sentiment_label }} = 'negative', false)
        or coalesce({{ is_sla_breach }}, false)
        or {{ hotrod_an.array_contains(labels, "'escalation'") }}
    )
{%- endmacro %}
