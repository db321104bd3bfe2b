{#-
    Severity as an ordered type, so that `order by alert_severity` puts
    critical first (text would sort critical, high, low, medium).
    DuckDB: an inline ENUM; Postgres: the enum type `severity_level`, created
    by the on-run-start hook `create_severity_type`.
-#}
{% macro severity_order(expression) -%}
    {{ return(adapter.dispatch('severity_order', 'hotrod_an')(expression)) }}
{%- endmacro %}

{% macro default__severity_order(expression) -%}
    {{ exceptions.raise_compiler_error("severity_order is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__severity_order(expression) -%}
    cast({{ expression }} as enum ('critical', 'high', 'medium', 'low'))
{%- endmacro %}

{% macro postgres__severity_order(expression) -%}
    cast({{ expression }} as {{ target.schema }}.severity_level)
{%- endmacro %}
