{#-
    The orders whose fulfillment_tracking row a refresh recomputes: those
    with a version, a deletion or a fulfillment staged since the published
    serving layer's watermarks (`serving_watermarks`); and the
    rows of the fulfillment tile whose figures run with the clock (doc blocks
    `days_to_fulfill`, `issue_severity`, `is_open_issue`): the published
    orders of the issue window, from the day before it (the previous as-of
    date's window), not yet fulfilled, still in transit, or with an open issue.
-#}
{{ refresh_key_set_config() }}

{%- set staged_since = published_watermark('shopify_received_at') %}

with changed as (

    {{ orders_changed_since(staged_since) }}

),

live as (

    select published.shopify_order_id as order_id
    from {{ published_relation('fulfillment_tracking') }} as published
    where published.order_date >= {{ as_of_date(- var('fulfillment_issue_window_days')) }}
        and (
            published.first_fulfilled_at is null
            or published.latest_shipment_status = 'in_transit'
            or published.is_open_issue
        )

)

select order_id from changed
union
select order_id from live
