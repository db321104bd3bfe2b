{#-
    When a refund counts (Shopify's Sales report puts a return on the
    refund's date): its `processed_at`, else its `created_at`. Its business
    date is `business_date(refunded_at(...))`.
-#}
{% macro refunded_at(processed_at, created_at) -%}
    coalesce({{ processed_at }}, {{ created_at }})
{%- endmacro %}
