{#-
    True when the business date `date_expression` falls within the trailing
    window of `days` days that ends at the as-of date, both ends included:
    the window of every "trailing N days" figure, written once.
-#}
{% macro in_trailing_window(date_expression, days) -%}
    ({{ date_expression }} >= {{ trailing_window_start(days) }} and {{ date_expression }} <= {{ as_of_date() }})
{%- endmacro %}
