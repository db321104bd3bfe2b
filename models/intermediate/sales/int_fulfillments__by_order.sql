{#-
    Fulfillment facts per order: first successful fulfillment, the units the
    successful fulfillments cover, failures, errors, and the latest shipment
    state.

    Incremental (delete+insert on order_id, watermark `source_received_at`,
    the newest staged fulfillment version of the order): a run recomputes,
    from all their fulfillments, the orders with a fulfillment version staged
    at or after the watermark. A fulfillment belongs to one order for life
    (Shopify never moves it), so no other order changes.
-#}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['source_received_at']}]),
) }}

with fulfillments as (

    select *
    from {{ ref('stg_shopify__fulfillments') }}
    {%- if is_incremental() %}
        where order_id in (
                select changed.order_id
                from {{ ref('stg_shopify__fulfillments') }} as changed
                where changed.source_received_at >= {{ incremental_watermark() }}
            )
    {%- endif %}

),

latest as (

    select
        order_id,
        shipment_status as latest_shipment_status,
        created_at as latest_fulfillment_created_at
    from (
        select
            *,
            row_number() over (partition by order_id order by updated_at desc, fulfillment_id desc) as recency_rank
        from fulfillments
        where status not in ('cancelled')
    ) as ranked
    where recency_rank = 1

),

aggregated as (

    select
        order_id,
        count(*) as fulfillment_count,
        min(case when status = 'success' then created_at end) as first_fulfilled_at,
        sum(case when status = 'success' then fulfilled_quantity else 0 end) as fulfilled_quantity,
        max(case when shipment_status = 'failure' then 1 else 0 end) = 1 as has_delivery_failure,
        max(case when status in ('error', 'failure') then 1 else 0 end) = 1 as has_fulfillment_error,
        max(case when status in ('error', 'failure') then created_at end) as last_error_at,
        max(case when status = 'success' then created_at end) as last_fulfilled_at,
        max(tracking_company) as tracking_company,
        max(source_received_at) as source_received_at
    from fulfillments
    group by order_id

),

final as (

    select
        aggregated.order_id,
        aggregated.fulfillment_count,
        aggregated.first_fulfilled_at,
        aggregated.fulfilled_quantity,
        aggregated.has_delivery_failure,
        aggregated.has_fulfillment_error,
        aggregated.last_error_at,
        aggregated.last_fulfilled_at,
        aggregated.tracking_company,
        latest.latest_shipment_status,
        latest.latest_fulfillment_created_at,
        aggregated.source_received_at
    from aggregated
    left join latest
        on aggregated.order_id = latest.order_id

)

select * from final
