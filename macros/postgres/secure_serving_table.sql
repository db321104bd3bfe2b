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
    {{ hotrod_an._revoke_everyone_else(this) }}
    {%- endif -%}
{%- endmacro %}
