{#-
    On an incremental run, `<keyword> <column> in (select <column> from <batch>)`:
    the filter that keeps a stamped model's inputs to its batch. Nothing on a
    full build.
-#}
{% macro in_batch(column, batch='batch', keyword='where') -%}
    {%- if is_incremental() -%}
    {{ keyword }} {{ column }} in (select {{ column }} from {{ batch }})
    {%- endif -%}
{%- endmacro %}
