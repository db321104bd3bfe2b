{#-
    The column `landed_batch` picks an incremental batch's deliveries by,
    once their event ids are known: DuckDB's `landed_rowid` (the column
    `landed_row_locator` adds to a deliveries view), PostgreSQL's `event_id`
    (through the landing table's index on it).
-#}
{% macro landed_batch_key() -%}
    {{ return(adapter.dispatch('landed_batch_key', 'hotrod_an')()) }}
{%- endmacro %}

{% macro default__landed_batch_key() -%}
    {{ return('event_id') }}
{%- endmacro %}

{% macro duckdb__landed_batch_key() -%}
    {{ return('landed_rowid') }}
{%- endmacro %}
