{#-
    The first business date of the trailing window of `days` days that ends
    at the as-of date (doc block `as_of_date`): `as_of_date(1 - days)`. Date
    spines and `window_start_date` columns start here; `in_trailing_window`
    filters on the same window.
-#}
{% macro trailing_window_start(days) -%}
    {{ as_of_date(1 - days) }}
{%- endmacro %}
