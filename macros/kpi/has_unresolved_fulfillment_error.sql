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
