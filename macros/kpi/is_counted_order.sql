{#-
    The counted-order rule (doc block `counted_order`), the one rule every
    revenue and order count uses: not a test order, not cancelled, not voided,
    and not deleted.
-#}
{% macro is_counted_order(is_test, cancelled_at, financial_status, is_deleted) -%}
    (
        not coalesce({{ is_test }}, false)
        and {{ cancelled_at }} is null
        and coalesce({{ financial_status }}, '') != 'voided'
        and not coalesce({{ is_deleted }}, false)
    )
{%- endmacro %}
