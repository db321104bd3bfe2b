{#- January 1st of the as-of date's year, as a SQL date literal (year-to-date windows). -#}
{% macro as_of_date_year_start() -%}
    cast('{{ hotrod_an.as_of_date_value().replace(month=1, day=1).isoformat() }}' as date)
{%- endmacro %}
