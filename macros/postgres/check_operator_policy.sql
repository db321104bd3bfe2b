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
