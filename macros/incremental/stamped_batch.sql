{#-
    CTE `<name>` on an incremental run (nothing on a full build): the distinct
    `column` values of the `upstream` rows stamped since this model's newest
    stamp, plus `extra_sql` (a union member) when given.
-#}
{% macro stamped_batch(name, upstream, column, extra_sql=none) -%}
    {%- if is_incremental() %}
    {{ name }} as (
        {{ stamped_since_last_run(upstream, column) }}
        {%- if extra_sql %}
        union
        {{ extra_sql }}
        {%- endif %}
    ),
    {%- endif %}
{%- endmacro %}
