{% macro as_of_date(offset_days=0) -%}
    {%- set day = hotrod_an.as_of_date_value() + modules.datetime.timedelta(days=offset_days) -%}
    cast('{{ day.isoformat() }}' as date)
{%- endmacro %}
