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
