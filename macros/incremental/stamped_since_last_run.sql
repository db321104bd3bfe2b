{#-
    On an incremental run, the distinct `column` values of the rows of
    `upstream` stamped after this model's newest `loaded_at`: the keys (order
    ids, business dates) this run recomputes.
-#}
{% macro stamped_since_last_run(upstream, column) -%}
    select distinct {{ column }}
    from {{ upstream }}
    where loaded_at > {{ incremental_watermark('loaded_at') }}
{%- endmacro %}
