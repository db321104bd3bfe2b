{#-
    Ends a CTE whose rows are next joined back to a table by physical row
    (`row_locator`). Postgres fetches each row by `ctid`; in that order the
    fetches walk the table's pages once instead of jumping between them
    (at 1M orders: 42 GB of page reads for a 5 GB landing table). DuckDB
    joins by hash: nothing.
-#}
{% macro in_physical_order(row_locator_column) -%}
    {{ return(adapter.dispatch('in_physical_order', 'hotrod_an')(row_locator_column)) }}
{%- endmacro %}

{% macro default__in_physical_order(row_locator_column) -%}
{%- endmacro %}

{% macro postgres__in_physical_order(row_locator_column) -%}
    order by {{ row_locator_column }}
{%- endmacro %}
