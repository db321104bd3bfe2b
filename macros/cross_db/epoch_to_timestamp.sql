{#-
    Epoch seconds (integer or fractional, as text or number) to a UTC
    timestamptz; null when not a number. `to_timestamp(double)` means the same
    on DuckDB and Postgres, so no dispatch is needed.
-#}
{% macro epoch_to_timestamp(expression) -%}
    to_timestamp({{ hotrod_an.try_cast(expression, 'double') }})
{%- endmacro %}
