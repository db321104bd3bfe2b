{#-
    The column an incremental events model uses to pick its batch of landed
    deliveries, once the batch's event ids are known (`webhook_landed_batch`).
    DuckDB: the row locator `rowid`. The event ids are matched on the narrow
    columns and only the matching rows' payloads are read; a join on
    `event_id` would scan every landed payload. The locator is used within
    that one statement only and never stored (it can change when a table is
    rewritten).
    Postgres: `event_id` itself, through the landing table's index on it.
    A dbt unit test's fixture CTE has no row locator: `event_id` there too.
-#}
{% macro landed_batch_key(relation) -%}
    {%- if relation.is_cte -%}
        event_id
    {%- else -%}
        {{ return(adapter.dispatch('landed_batch_key', 'hotrod_an')(relation)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__landed_batch_key(relation) -%}
    event_id
{%- endmacro %}

{% macro duckdb__landed_batch_key(relation) -%}
    rowid
{%- endmacro %}
