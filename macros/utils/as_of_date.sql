{#-
    The as-of date every "current", "trailing N days" and "last week" figure is
    relative to: var `as_of_date` (YYYY-MM-DD) when set, which tests pin, else
    today in the shop's time zone, resolved once when the project is compiled.

    as_of_date(offset_days=0) -> a SQL date literal
    as_of_timestamp()         -> the as-of moment as a SQL timestamptz literal:
                                 the end of the pinned day in the shop's time
                                 zone, or the compile time when not pinned
                                 (clocks such as "SLA target passed" use it)
-#}
{% macro as_of_date_value() -%}
    {%- set pinned = var('as_of_date', none) -%}
    {%- if pinned is none or (pinned | string | trim | lower) in ('', 'none', 'null', 'today') -%}
        {%- set zone = modules.pytz.timezone(var('shop_timezone')) -%}
        {{ return(modules.datetime.datetime.now(zone).date()) }}
    {%- endif -%}
    {%- set text = pinned | string | trim -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error("var as_of_date must be a date written YYYY-MM-DD, got '" ~ text ~ "'") }}
    {%- endif -%}
    {{ return(modules.datetime.datetime.strptime(text, '%Y-%m-%d').date()) }}
{%- endmacro %}

{% macro as_of_date(offset_days=0) -%}
    {%- set day = hotrod_an.as_of_date_value() + modules.datetime.timedelta(days=offset_days) -%}
    cast('{{ day.isoformat() }}' as date)
{%- endmacro %}

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

{#-
    "Now" for clocks that run until the present (SLA waiting time,
    staleness): the pinned as-of moment when `as_of_date` is set, so tests
    and cross-adapter comparisons are reproducible; else the database's
    current time when the query runs.
-#}
{% macro as_of_now() -%}
    {%- set pinned = var('as_of_date', none) -%}
    {%- if pinned is none or (pinned | string | trim | lower) in ('', 'none', 'null', 'today') -%}
        current_timestamp
    {%- else -%}
        {{ hotrod_an.as_of_timestamp() }}
    {%- endif -%}
{%- endmacro %}

{#- January 1st of the as-of date's year, as a SQL date literal (year-to-date windows). -#}
{% macro as_of_date_year_start() -%}
    cast('{{ hotrod_an.as_of_date_value().replace(month=1, day=1).isoformat() }}' as date)
{%- endmacro %}
