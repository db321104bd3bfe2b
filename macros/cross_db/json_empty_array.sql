{#- An empty JSON array literal of the adapter's JSON type. -#}
{% macro json_empty_array() -%}
    cast('[]' as {{ hotrod_an.json_type() }})
{%- endmacro %}
