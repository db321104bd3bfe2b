{#-
    Run `sql` (one statement, or several separated by `;`) in one
    transaction, and commit it: dbt commits nothing a hook's macro runs.
    Returns the result of the last statement.
-#}
{% macro _privacy_run(sql) -%}
    {%- call statement('apply_redactions', fetch_result=true, auto_begin=true) -%}
        {{ sql }}
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return(load_result('apply_redactions').table) }}
{%- endmacro %}
