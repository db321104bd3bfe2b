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
        and {{ in_trailing_window(order_date, var('fulfillment_issue_window_days')) }},
        false
    )
{%- endmacro %}
