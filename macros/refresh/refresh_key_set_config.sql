{#- The configuration of a key set (models/intermediate/refresh/): built by refresh invocations only. -#}
{% macro refresh_key_set_config() -%}
    {{ config(enabled=hotrod_an.is_refresh(), tags=['refresh']) }}
{%- endmacro %}
