{#- True in a refresh invocation. -#}
{% macro is_refresh() -%}
    {{ return(env_var('HOTROD_REFRESH', '') | lower not in ('', '0', 'false', 'no')) }}
{%- endmacro %}
