{#-
    The physical locator of a row of a base table, to join a narrow projection
    back to its wide row within one statement: DuckDB `rowid`, Postgres `ctid`.
    A dbt unit test replaces the relation by a CTE of fixture rows, which has
    no physical rows: there the row's position in the fixture stands in.
-#}
{% macro row_locator(relation) -%}
    {%- if relation.is_cte -%}
        row_number() over ()
    {%- else -%}
        {{ return(adapter.dispatch('row_locator', 'hotrod_an')(relation)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__row_locator(relation) -%}
    rowid
{%- endmacro %}

{% macro postgres__row_locator(relation) -%}
    ctid
{%- endmacro %}
