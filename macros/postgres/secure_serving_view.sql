{% macro secure_serving_view() -%}
    {%- if target.type == 'postgres' -%}
    alter view {{ this }} set (security_invoker = true);
    {{ hotrod_an._revoke_everyone_else(this) }}
    {%- endif -%}
{%- endmacro %}
