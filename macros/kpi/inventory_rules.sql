{#-
    Inventory tile rules (doc blocks `days_of_cover`, `stock_status`,
    `velocity_tier`, `alert_severity`), each written once.
-#}

{% macro days_of_cover(quantity_available, avg_daily_units) -%}
    {{ hotrod_an.ratio(quantity_available, avg_daily_units, scale=1) }}
{%- endmacro %}

{% macro stock_status(quantity_available, days_of_cover) -%}
    case
        when {{ quantity_available }} <= 0 then 'out_of_stock'
        when {{ days_of_cover }} < {{ var('inventory_lead_time_days') }} then 'low_stock'
        when {{ days_of_cover }} > {{ var('overstock_days_of_cover') }} then 'overstock'
        else 'in_stock'
    end
{%- endmacro %}

{#- `units_rank`: rank() of the SKU by units descending among SKUs with sales; `skus_with_sales`: their count. -#}
{% macro velocity_tier(units, units_rank, skus_with_sales) -%}
    case
        when coalesce({{ units }}, 0) <= 0 then 'dead'
        when {{ units_rank }} <= ceil({{ skus_with_sales }} * 0.2) then 'fast'
        when {{ units_rank }} <= ceil({{ skus_with_sales }} * 0.5) then 'medium'
        else 'slow'
    end
{%- endmacro %}

{% macro alert_severity(stock_status, velocity_tier) -%}
    case
        when {{ stock_status }} = 'out_of_stock' and {{ velocity_tier }} in ('fast', 'medium') then 'critical'
        when {{ stock_status }} = 'out_of_stock' then 'high'
        when {{ stock_status }} = 'low_stock' and {{ velocity_tier }} = 'fast' then 'high'
        when {{ stock_status }} = 'low_stock' then 'medium'
        when {{ stock_status }} = 'overstock' then 'low'
    end
{%- endmacro %}
