{#-
    The business date of a UTC timestamp: converted to the shop's time zone
    (var `shop_timezone`), then truncated to the date. `at time zone` turns a
    timestamptz into the local wall-clock timestamp on both DuckDB and
    Postgres, whatever the session time zone is.
-#}
{% macro business_date(timestamp_expression) -%}
    cast(({{ timestamp_expression }}) at time zone '{{ var("shop_timezone") }}' as date)
{%- endmacro %}
