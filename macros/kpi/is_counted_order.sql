{#-
    The counted-order rule (doc block `counted_order`), the one rule every
    revenue and order count uses: not a test order, not cancelled, not voided,
    not deleted, and dated plausibly (`timestamp_issue` null: doc block
    `implausible_timestamp`).
-#}
{% macro is_counted_order(is_test, cancelled_at, financial_status, is_deleted, timestamp_issue) -%}
    (
        not coalesce({{ is_test }}, false)
        and {{ cancelled_at }} is null
        and coalesce({{ financial_status }}, '') != 'voided'
        and not coalesce({{ is_deleted }}, false)
        and {{ timestamp_issue }} is null
    )
{%- endmacro %}
