{#-
    Elapsed whole seconds from `start_at` to `end_at` (timestamptz).
    dbt's `datediff` is not used here: on Postgres it counts wall-clock
    boundaries in the session time zone, which is not elapsed time across a
    daylight-saving change.
-#}
{% macro seconds_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('seconds_between', 'hotrod_an')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__seconds_between(start_at, end_at) -%}
    {{ exceptions.raise_compiler_error("seconds_between is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__seconds_between(start_at, end_at) -%}
    cast(floor(epoch({{ end_at }}) - epoch({{ start_at }})) as bigint)
{%- endmacro %}

{% macro postgres__seconds_between(start_at, end_at) -%}
    cast(floor(extract(epoch from ({{ end_at }})) - extract(epoch from ({{ start_at }}))) as bigint)
{%- endmacro %}
