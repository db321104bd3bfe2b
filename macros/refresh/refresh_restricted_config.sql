{#-
    The configuration of a model that a refresh recomputes for its keys only:
    a table on every other run; on a refresh, inlined (ephemeral) into the
    refreshed serving table that reads it, so the table the daily build
    wrote keeps every row.
-#}
{% macro refresh_restricted_config() -%}
    {{ config(materialized='ephemeral' if hotrod_an.is_refresh() else 'table') }}
{%- endmacro %}
