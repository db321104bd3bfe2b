{#-
    `dbt run-operation create_test_roles` creates the plain-Postgres roles
    the tests connect as (not for Supabase, whose roles exist already):
    the operator role and a role with no grant at all, both able to log in.
-#}
{% macro create_test_roles(password='hotrod_test') -%}
    {%- if target.type != 'postgres' -%}
        {{ exceptions.raise_compiler_error("create_test_roles needs a Postgres target (e.g. --target pg)") }}
    {%- endif -%}
    {%- set roles = [var('operator_role'), var('no_access_role')] -%}
    {%- for role in roles %}
        {%- set sql -%}
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = '{{ role }}') then
                    create role {{ role }} login password '{{ password }}';
                end if;
            end $$
        {%- endset -%}
        {%- do run_query(sql) -%}
        {{ log("role " ~ role ~ " is ready", info=true) }}
    {%- endfor %}
    {%- do run_query("grant connect on database " ~ target.database ~ " to " ~ roles | join(", ")) -%}
{%- endmacro %}
