{#-
    One row per date from `start_date` to `end_date`, both inclusive, as
    `date_day`. Either bound may be a SQL expression, including a scalar
    subquery such as `(select min(order_date) from ...)`; a null start (an
    empty table) gives just the end date. A start before the shop's first
    day (var `shop_first_day`) starts the spine on that day.

    dbt's own `date_spine` is not used: it runs a query at compile time to
    count the days and fails when the start is null, which an empty landing
    table (a fresh install, a source with no data yet) makes it.
-#}
{% macro date_spine_days(start_date, end_date) -%}
    {#- never before the shop's first day (var shop_first_day): one implausible date must not add years of empty rows -#}
    {%- set floored = "case when (" ~ start_date ~ ") is null then null else greatest(" ~ start_date
        ~ ", cast('" ~ var('shop_first_day') ~ "' as date)) end" -%}
    {{ return(adapter.dispatch('date_spine_days', 'hotrod_an')(floored, end_date)) }}
{%- endmacro %}

{% macro default__date_spine_days(start_date, end_date) -%}
    {{ exceptions.raise_compiler_error("date_spine_days is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__date_spine_days(start_date, end_date) -%}
    select cast(unnest(generate_series(
        cast(coalesce({{ start_date }}, {{ end_date }}) as timestamp),
        cast({{ end_date }} as timestamp),
        interval 1 day
    )) as date) as date_day
{%- endmacro %}

{% macro postgres__date_spine_days(start_date, end_date) -%}
    select cast(generate_series(
        cast(coalesce({{ start_date }}, {{ end_date }}) as timestamp),
        cast({{ end_date }} as timestamp),
        interval '1 day'
    ) as date) as date_day
{%- endmacro %}
