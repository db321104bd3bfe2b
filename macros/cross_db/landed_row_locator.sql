{#-
    The column a deliveries view adds for its events model's incremental
    batch (`landed_batch`): DuckDB's row locator, `rowid as landed_rowid`.
    Matching a batch's event ids on the narrow columns and then reading the
    payloads of just those rows by locator avoids a semi-join on `event_id`
    that would scan every landed payload (about 30 times faster on 2M rows).
    The locator is only used within one statement and never stored (it can
    change when a table is rewritten). PostgreSQL looks the batch up through
    the landing table's index on `event_id` instead: no column.
-#}
{% macro landed_row_locator() -%}
    {{ return(adapter.dispatch('landed_row_locator', 'hotrod_an')()) }}
{%- endmacro %}

{% macro default__landed_row_locator() -%}
{%- endmacro %}

{% macro duckdb__landed_row_locator() -%}
    rowid as landed_rowid,
{%- endmacro %}
