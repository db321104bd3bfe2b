{#-
    Postgres: refresh the planner's statistics of a table a model just wrote.
    The next model reads it seconds later, long before autovacuum would
    analyze it; without statistics the planner guesses a few thousand rows
    for a table of millions and picks nested loops over them (at 1M orders
    stg_shopify__customers took 291 s that way). A no-op on DuckDB and for
    views.
-#}
{% macro analyze_relation() -%}
    {%- if writes_postgres_table() -%}
    analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
