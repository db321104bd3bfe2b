{#-
    CTE `first_deliveries`: from `classified` (one row per delivery, narrow:
    no payload), the first delivery of each event id in the delivery order of
    `events_model`'s landing table (`webhook_landing`), with `delivery_count`
    and `first_delivery_is_tied`: true when the next delivery in that order
    was received at the same instant, so that `first_delivery_payloads` must
    tell them apart by the rest of the order.
-#}
{% macro webhook_first_deliveries(classified, events_model) -%}
{%- set delivery_order = webhook_landing(events_model).delivery_order | join(', ') -%}
ranked_deliveries as (

    select
        *,
        count(*) over (partition by event_id) as delivery_count,
        row_number() over (partition by event_id order by {{ delivery_order }}) as delivery_rank,
        coalesce(
            lead(received_at) over (partition by event_id order by {{ delivery_order }}) = received_at,
            false
        ) as first_delivery_is_tied
    from (select * from {{ classified }} {{ evaluate_once() }}) as narrow_deliveries

),

first_deliveries as (

    select * from ranked_deliveries
    where delivery_rank = 1

)
{%- endmacro %}
