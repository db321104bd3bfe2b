{#-
    The first delivery of each event of `deliveries` (one row per delivery,
    narrow: no payload), with `delivery_count`, the deliveries of that event.
    A landing table holds one row per (event_id, received_at) (the loader
    skips a delivery landed already; a source test checks it), so ordering by
    `received_at` picks exactly one delivery, the same on every run.
-#}
{% macro first_deliveries(deliveries) -%}
    select * from (
        select
            *,
            count(*) over (partition by event_id) as delivery_count,
            row_number() over (partition by event_id order by received_at) as delivery_rank
        from (select * from {{ deliveries }} {{ evaluate_once() }}) as narrow_deliveries
    ) as ranked_deliveries
    where delivery_rank = 1
{%- endmacro %}
