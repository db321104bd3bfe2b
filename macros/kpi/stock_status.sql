{% macro stock_status(quantity_available, days_of_cover) -%}
    case
        when {{ quantity_available }} <= 0 then 'out_of_stock'
        when {{ days_of_cover }} < {{ var('inventory_lead_time_days') }} then 'low_stock'
        when {{ days_of_cover }} > {{ var('overstock_days_of_cover') }} then 'overstock'
        else 'in_stock'
    end
{%- endmacro %}
