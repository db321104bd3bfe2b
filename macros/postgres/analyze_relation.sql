{#-
    Postgres: refresh the planner's statistics of a table a model just wrote.
    The next model reads it seconds later, long before autovacuum would
    analyze it; without statistics the planner guesses a few thousand rows
    for a table of millions and picks nested loops over them (at 1M orders
    stg_shopify__customers took 291 s that way). A no-op on DuckDB and for
    views.

    An incremental model's table is analyzed when it has no statistics yet:
    its first build, or a full refresh (which writes a new table). An
    incremental run then adds a fraction of a percent of its rows, which
    leaves the statistics as good as they were (the planner scales the row
    count to the table's current size by itself), and autovacuum analyzes it
    again once a tenth of its rows changed. Analyzing every large table on
    every run cost 0.3-1.4 s each at 1M orders.
-#}
{% macro analyze_relation() -%}
    {%- if writes_postgres_table() -%}
        {%- if model.config.materialized == 'incremental' -%}
    do $analyze$
    begin
        if not exists (
            select 1
            from pg_stats
            where schemaname = '{{ this.schema }}'
                and tablename = '{{ this.identifier }}'
        ) then
            analyze {{ this }};
        end if;
    end
    $analyze$
        {%- else -%}
    analyze {{ this }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
