{#-
    The rows of `events` (a relation or CTE with the `first_delivery_keys`
    columns of an events model), each with `payload`: the body of its first delivery,
    read from the landing table of `events_model`. One row per row of
    `events`. The landing table is matched on `event_id`, `received_at` and
    the topic; where several deliveries of one event landed at the same
    instant (rare: a file loaded twice), the rest of the delivery order picks
    the same delivery as the events model did.
-#}
{% macro first_delivery_payloads(events, events_model) -%}
    {%- set landing = webhook_landing(events_model) -%}
    {#- after received_at; Chatwoot has no further order (its event id hashes the body) -#}
    {%- set tie_order = landing.delivery_order[1:] or ['event_id'] -%}
    {{ return(adapter.dispatch('first_delivery_payloads', 'hotrod_an')(events, landing, tie_order)) }}
{%- endmacro %}

{#-
    DuckDB: two hash joins. The topic lets DuckDB skip the other topics'
    payloads (the join passes the range of the topics it needs down to the
    scan); only the tied events pay for an ordering.
-#}
{% macro duckdb__first_delivery_payloads(events, landing, tie_order) -%}
{%- set join_condition -%}
    landed.event_id = staged.event_id
        and landed.received_at = staged.received_at
        and landed.{{ landing.topic }} = staged.{{ landing.topic }}
{%- endset -%}
    select
        staged.*,
        landed.payload
    from {{ events }} as staged
    inner join {{ landing.relation }} as landed
        on {{ join_condition }}
    where staged.first_delivery_is_tied is not true

    union all

    select * from (
        select distinct on (staged.event_id)
            staged.*,
            landed.payload
        from {{ events }} as staged
        inner join {{ landing.relation }} as landed
            on {{ join_condition }}
        where staged.first_delivery_is_tied
        order by staged.event_id, landed.{{ tie_order | join(', landed.') }}
    ) as tied_deliveries
{%- endmacro %}

{#-
    Postgres: one lookup per event through the landing table's index on
    `event_id`, the first in delivery order. `events` is read once: a CTE
    read twice is materialized, and Postgres then misjudged its filtered rows
    and hashed the whole landing table (5 GB at 1M orders).
-#}
{% macro postgres__first_delivery_payloads(events, landing, tie_order) -%}
    select
        staged.*,
        landed.payload
    from {{ events }} as staged
    cross join lateral (
        select first_delivery.payload
        from {{ landing.relation }} as first_delivery
        where first_delivery.event_id = staged.event_id
            and first_delivery.received_at = staged.received_at
            and first_delivery.{{ landing.topic }} = staged.{{ landing.topic }}
        order by first_delivery.{{ tie_order | join(', first_delivery.') }}
        limit 1
    ) as landed
{%- endmacro %}
