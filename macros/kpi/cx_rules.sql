{#-
    Customer-support rules (doc blocks `is_sla_breach`, `is_escalated`,
    `is_open_escalation`).

    is_sla_breach: the first response missed its target, or there is no
    response yet and the target has passed. `seconds_waited` is the time from
    creation to the first response, or to the as-of moment when nobody has
    answered yet, so one comparison covers both cases.
-#}
{% macro is_sla_breach(seconds_waited, target_minutes) -%}
    coalesce({{ seconds_waited }} > {{ target_minutes }} * 60, false)
{%- endmacro %}

{% macro is_escalated(priority, sentiment_label, is_sla_breach, labels) -%}
    (
        {{ priority }} in ('urgent', 'high')
        or coalesce({{ sentiment_label }} = 'negative', false)
        or coalesce({{ is_sla_breach }}, false)
        or {{ hotrod_an.array_contains(labels, "'escalation'") }}
    )
{%- endmacro %}

{#- What the escalations tile lists and v_kpi_summary counts: one flag, in cx_conversations. -#}
{% macro is_open_escalation(is_escalated, status) -%}
    coalesce({{ is_escalated }} and {{ status }} in ('open', 'pending'), false)
{%- endmacro %}
