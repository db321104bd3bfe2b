{#-
    Every value of `column_name` in a landing table is staged in `staged_model`
    (same column name). The webhook events models are incremental on
    `received_at`: a delivery landed later with an older `received_at` than
    the last build (a backfill of captured files) would otherwise never be
    staged. Returns one row per such value; the fix is
    `dbt build --full-refresh --select <staged_model>+`.
-#}
{% test is_staged_in(model, column_name, staged_model) %}
select distinct landed.{{ column_name }}
from {{ model }} as landed
left join {{ staged_model }} as staged
    on landed.{{ column_name }} = staged.{{ column_name }}
where staged.{{ column_name }} is null
{% endtest %}
