{#- The end of a business date (midnight after it, in the shop's time zone) as a timestamptz. -#}
{% macro end_of_business_date(date_expression) -%}
    (cast({{ dbt.dateadd('day', 1, date_expression) }} as timestamp) at time zone '{{ var("shop_timezone") }}')
{%- endmacro %}
