{% macro as_of_timestamp() -%}
    {%- set zone = modules.pytz.timezone(var('shop_timezone')) -%}
    {%- set pinned = var('as_of_date', none) -%}
    {%- if pinned is none or (pinned | string | trim | lower) in ('', 'none', 'null', 'today') -%}
        {%- set moment = modules.datetime.datetime.now(modules.pytz.utc).replace(microsecond=0) -%}
    {%- else -%}
        {%- set next_day = hotrod_an.as_of_date_value() + modules.datetime.timedelta(days=1) -%}
        {%- set local_midnight = zone.localize(modules.datetime.datetime(next_day.year, next_day.month, next_day.day)) -%}
        {%- set moment = local_midnight.astimezone(modules.pytz.utc) -%}
    {%- endif -%}
    cast('{{ moment.strftime("%Y-%m-%d %H:%M:%S") }}+00' as timestamptz)
{%- endmacro %}
