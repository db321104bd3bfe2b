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
