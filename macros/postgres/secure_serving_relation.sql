{#- Whichever fits the relation being built: tables get RLS, views security_invoker. -#}
{% macro secure_serving_relation() -%}
    {%- if config.get('materialized') == 'view' -%}
        {{ hotrod_an.secure_serving_view() }}
    {%- else -%}
        {{ hotrod_an.secure_serving_table() }}
    {%- endif -%}
{%- endmacro %}
