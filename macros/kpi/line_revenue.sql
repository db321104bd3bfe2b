{#- Line revenue (doc block `line_revenue`): price x quantity - the line's discounts. -#}
{% macro line_revenue(price, quantity, discount_amount) -%}
    cast({{ price }} * {{ quantity }} - coalesce({{ discount_amount }}, 0) as numeric(18, 2))
{%- endmacro %}
