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
