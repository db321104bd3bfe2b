{#-
    The rows of `keys` (a relation or CTE with an events model's `event_id`,
    `received_at` and topic column `topic_column`), each with `payload`: the
    body of that delivery, read from `deliveries` (a deliveries view). One
    row per row of `keys`: a landing table holds one row per
    (event_id, received_at).
-#}
{% macro delivery_payloads(keys, deliveries, topic_column='topic') -%}
    {{ return(adapter.dispatch('delivery_payloads', 'hotrod_an')(keys, deliveries, topic_column)) }}
{%- endmacro %}

{#-
    A hash join. The topic lets DuckDB skip the payloads of the other topics
    (the join passes the range of the topics it needs down to the scan).
-#}
{% macro default__delivery_payloads(keys, deliveries, topic_column) -%}
    select
        {{ keys }}.*,
        deliveries.payload
    from {{ keys }}
    inner join {{ deliveries }} as deliveries
        on {{ keys }}.event_id = deliveries.event_id
            and {{ keys }}.received_at = deliveries.received_at
            and {{ keys }}.{{ topic_column }} = deliveries.{{ topic_column }}
{%- endmacro %}

{#-
    One lookup per event through the landing table's index on `event_id`.
    `keys` is read once: a CTE read twice is materialized, and Postgres then
    misjudged its filtered rows and hashed the whole landing table (5 GB at
    1M orders). A landing table holds one row per (event_id, received_at), so
    `limit 1` changes no result: it tells the planner so. Without it Postgres
    estimated one row for the whole lookup and joined what follows by nested
    loops (stg_shopify__customers at 1M orders: 11 s became 174 s).
-#}
{% macro postgres__delivery_payloads(keys, deliveries, topic_column) -%}
    select
        {{ keys }}.*,
        delivery.payload
    from {{ keys }}
    cross join lateral (
        select deliveries.payload
        from {{ deliveries }} as deliveries
        where deliveries.event_id = {{ keys }}.event_id
            and deliveries.received_at = {{ keys }}.received_at
        limit 1
    ) as delivery
{%- endmacro %}
