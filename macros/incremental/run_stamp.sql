{#-
    Intermediate models downstream of staging are incremental on a run stamp
    rather than on the source's `received_at`: every row a run writes carries
    `loaded_at`, the moment the dbt invocation started, and a downstream model
    recomputes what the rows stamped after its own newest stamp touch (their
    orders, their customers' orders, their business dates). A row an upstream
    model rewrote for any reason (a late refund, a re-ranked customer, a full
    refresh of that model alone) is therefore always seen downstream.
-#}
{% macro run_stamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}+00' as timestamptz)
{%- endmacro %}
