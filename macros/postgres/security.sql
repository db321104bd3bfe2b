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

{% macro _revoke_everyone_else(relation, kind) -%}
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

{% macro secure_serving_table() -%}
    {%- if target.type == 'postgres' -%}
    alter table {{ this }} enable row level security;
    alter table {{ this }} force row level security;
    drop policy if exists etl_full_access on {{ this }};
    create policy etl_full_access on {{ this }}
        as permissive for all
        to {{ var('etl_role') }}, current_user
        using (true) with check (true);
    drop policy if exists operator_read_only on {{ this }};
    create policy operator_read_only on {{ this }}
        as permissive for select
        to {{ var('operator_role') }}
        using ({{ var('operator_policy_using') }});
    {{ hotrod_an._revoke_everyone_else(this, 'table') }}
    {%- endif -%}
{%- endmacro %}

{% macro secure_serving_view() -%}
    {%- if target.type == 'postgres' -%}
    alter view {{ this }} set (security_invoker = true);
    {{ hotrod_an._revoke_everyone_else(this, 'view') }}
    {%- endif -%}
{%- endmacro %}

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

{#-
    on-run-end: the operator may use the schemas of the serving layer as
    published (`serving_schema_names()`: the target schema, `quality`,
    `reference`), once per run; granting it from every relation's hook would
    race on the schema's catalog row. They are created when missing, so that
    scripts/build_prod's publish step (which moves relations into them) finds
    them with their grants. The operator gets nothing on the build schemas
    (`__build`), which it therefore cannot read.
-#}
{% macro grant_serving_schemas() -%}
    {%- if target.type == 'postgres' -%}
        {%- for schema in serving_schema_names() %}
    create schema if not exists {{ schema }};
    grant usage on schema {{ schema }} to {{ var("operator_role") }};
    revoke create on schema {{ schema }} from {{ var("operator_role") }};
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}

{#-
    on-run-start: on Supabase, `authenticated` is every signed-in user of the
    project. A policy of `true` for it would let all of them read the serving
    layer: refused unless the var `allow_all_authenticated` says it is
    intended (README, "Supabase"). A user error, so it stops the run before
    anything is built, with a message that names the vars.
-#}
{% macro check_operator_policy() -%}
    {%- if target.type == 'postgres' and execute -%}
        {%- set policy = var('operator_policy_using') | string | trim | lower -%}
        {%- if var('operator_role') == 'authenticated' and policy in ('true', '(true)')
            and not var('allow_all_authenticated') -%}
            {{ exceptions.raise_compiler_error(
                "operator_role is `authenticated` (every signed-in Supabase user) and operator_policy_using is "
                ~ "`true`: every signed-in user would read the serving layer. Set operator_policy_using to a "
                ~ "predicate on the user's claims, e.g. \"(select auth.jwt() ->> 'app_role') = 'operator'\", "
                ~ "or, if every signed-in user may read it, set the var allow_all_authenticated: true."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

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
