{% macro create_severity_type() -%}
    {%- if target.type == 'postgres' -%}
        do $$
        begin
            if not exists (
                select 1 from pg_type
                where typname = 'severity_level' and typnamespace = '{{ target.schema }}'::regnamespace
            ) then
                create type {{ target.schema }}.severity_level as enum ('critical', 'high', 'medium', 'low');
            end if;
        end
        $$
    {%- endif -%}
{%- endmacro %}
