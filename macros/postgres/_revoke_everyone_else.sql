{#-
    Row level security and privileges of the serving layer on Postgres
    (DESIGN.md section 5). Applied as post-hooks; no-ops on DuckDB.

    Roles are vars: `etl_role` (full access; the role dbt runs as always gets
    it too) and `operator_role` (SELECT only, further limited by
    `operator_policy_using`, a predicate evaluated once per query, e.g.
    `(select auth.jwt() ->> 'app_role') = 'operator'` on Supabase). Every role
    in `revoked_roles` that exists (Supabase's `anon`) and PUBLIC lose all
    access; the operator gets SELECT and the ETL role everything.

    Why a hook and not dbt's `grants` config (DESIGN.md section 5 names it):
    dbt_project.yml is rendered before project vars exist, so a `grants`
    config there cannot name the role var; these statements are dbt-managed
    all the same and re-applied on every build.
-#}
{% macro _revoke_everyone_else(relation) -%}
    revoke all on {{ relation }} from public;
    {%- for role in var('revoked_roles') %}
    do $$ begin
        if exists (select 1 from pg_roles where rolname = '{{ role }}') then
            execute 'revoke all on {{ relation }} from {{ role }}';
        end if;
    end $$;
    {%- endfor %}
    {%- if var('operator_role') != var('etl_role') %}
    revoke insert, update, delete, truncate, references, trigger on {{ relation }} from {{ var('operator_role') }};
    {#- PostgreSQL 17 added MAINTAIN (vacuum, analyze, refresh, lock), which Supabase's default
        privileges grant to `authenticated`; older servers do not know the word. -#}
    do $$ begin
        if current_setting('server_version_num')::int >= 170000 then
            execute 'revoke maintain on {{ relation }} from {{ var('operator_role') }}';
        end if;
    end $$;
    {%- endif %}
    grant select on {{ relation }} to {{ var('operator_role') }};
    grant all on {{ relation }} to {{ var('etl_role') }};
{%- endmacro %}
