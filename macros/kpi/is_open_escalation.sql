{#- What the escalations tile lists and v_kpi_summary counts: one flag, in cx_conversations. -#}
{% macro is_open_escalation(is_escalated, status) -%}
    coalesce({{ is_escalated }} and {{ status }} in ('open', 'pending'), false)
{%- endmacro %}
