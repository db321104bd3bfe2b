{% macro alert_severity(stock_status, velocity_tier) -%}
    case
        when {{ stock_status }} = 'out_of_stock' and {{ velocity_tier }} in ('fast', 'medium') then 'critical'
        when {{ stock_status }} = 'out_of_stock' then 'high'
        when {{ stock_status }} = 'low_stock' and {{ velocity_tier }} = 'fast' then 'high'
        when {{ stock_status }} = 'low_stock' then 'medium'
        when {{ stock_status }} = 'overstock' then 'low'
    end
{%- endmacro %}
