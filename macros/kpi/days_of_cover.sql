{#-
    Inventory tile rules (doc blocks `days_of_cover`, `stock_status`,
    `velocity_tier`, `alert_severity`), each written once.
-#}
{% macro days_of_cover(quantity_available, avg_daily_units) -%}
    {{ hotrod_an.ratio(quantity_available, avg_daily_units, scale=1) }}
{%- endmacro %}
