{#- `units_rank`: rank() of the SKU by units descending among SKUs with sales; `skus_with_sales`: their count. -#}
{% macro velocity_tier(units, units_rank, skus_with_sales) -%}
    case
        when coalesce({{ units }}, 0) <= 0 then 'dead'
        when {{ units_rank }} <= ceil({{ skus_with_sales }} * 0.2) then 'fast'
        when {{ units_rank }} <= ceil({{ skus_with_sales }} * 0.5) then 'medium'
        else 'slow'
    end
{%- endmacro %}
