{#-
    The columns of `events_model` that `first_delivery_payloads` finds a
    first delivery's body by: `event_id`, `received_at`, the landing table's
    topic column (`webhook_landing`) and `first_delivery_is_tied`.
-#}
{% macro first_delivery_keys(events_model) -%}
    event_id, received_at, {{ webhook_landing(events_model).topic }}, first_delivery_is_tied
{%- endmacro %}
