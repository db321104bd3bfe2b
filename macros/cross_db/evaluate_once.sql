{#-
    Appended to a subquery (or a CTE's select) whose computed columns must be
    evaluated once, there. Postgres flattens a simple subquery into the query
    above it and substitutes its expressions wherever their columns are used,
    so without it
    - a window above sorts every row's whole payload, not the narrow columns
      computed from it (at 1M orders a 5 GB sort spilled to disk in
      stg_shopify__webhook_events);
    - `json_parse`'s detoasted document is rebuilt for every `json_get`
      (a compressed payload is decompressed once per field read: 25 times for
      an order).
    `offset 0` keeps the subquery as it is written. DuckDB evaluates a
    projection once and before the operators above it already: nothing.
-#}
{% macro evaluate_once() -%}
    {{ return(adapter.dispatch('evaluate_once', 'hotrod_an')()) }}
{%- endmacro %}

{% macro default__evaluate_once() -%}
{%- endmacro %}

{% macro postgres__evaluate_once() -%}
    offset 0
{%- endmacro %}
