{#-
    On a refresh, `<keyword> <column> in (select <key_column> from <key set>)`:
    the filter that keeps a model to the keys the refresh recomputes
    (a model of `models/intermediate/refresh/`). Nothing on any other run.
-#}
{% macro in_refresh(column, key_set, key_column=none, keyword='where') -%}
    {%- if hotrod_an.is_refresh() -%}
    {{ keyword }} {{ column }} in (select {{ key_column or column }} from {{ ref(key_set) }})
    {%- endif -%}
{%- endmacro %}
