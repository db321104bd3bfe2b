{#-
    Whichever fits the relation being built: tables get RLS, views
    security_invoker. Nothing on a refresh: its rows go into the published
    tables, secured as they are (docs/production.md).
-#}
{% macro secure_serving_relation() -%}
    {%- if is_refresh() -%}
    {%- elif config.get('materialized') == 'view' -%}
        {{ hotrod_an.secure_serving_view() }}
    {%- else -%}
        {{ hotrod_an.secure_serving_table() }}
    {%- endif -%}
{%- endmacro %}
