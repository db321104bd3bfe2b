{#-
    The deliveries an incremental events model classifies, from its
    deliveries view: all of them on a full build; on an incremental run,
    every delivery of the events that have a delivery received at or after
    the newest `received_at` the model holds (all deliveries of those events,
    so that a late retry of an old event updates its delivery count).
    The batch's rows are picked by `landed_batch_key` (a unit test's fixture,
    a CTE, by `event_id`).
-#}
{% macro landed_batch(deliveries) -%}
    select * from {{ deliveries }}
    {%- if is_incremental() %}
        {%- set key = 'event_id' if deliveries.is_cte else landed_batch_key() %}
        {%- set batch_event_ids -%}
            select event_id
            from {{ deliveries }}
            where received_at >= {{ incremental_watermark('received_at') }}
        {%- endset %}
        {%- if key == 'event_id' %}
    where event_id in (
        {{ batch_event_ids }}
    )
        {%- else %}
    where {{ key }} in (
        select {{ key }}
        from {{ deliveries }}
        where event_id in (
            {{ batch_event_ids }}
        )
    )
        {%- endif %}
    {%- endif %}
{%- endmacro %}
