{#-
    The refunds a refresh reads to recompute the returns of its dates
    (int_returns__daily for the dates of int_refresh__dates): every refund
    dated on one of them, and every refund of an order cancelled on one of
    them (a cancellation returns what its refunds have not).
-#}
{{ refresh_key_set_config() }}

with dates as (

    select business_date from {{ ref('int_refresh__dates') }}

),

refunds as (

    select
        refund_id,
        order_id,
        {{ business_date(refunded_at('processed_at', 'created_at')) }} as refund_date
    from {{ ref('stg_shopify__refunds') }}

),

cancelled_orders as (

    select order_id from {{ ref('int_orders__enriched') }}
    where cancellation_date in (select business_date from dates)

)

select refund_id from refunds
where refund_date in (select business_date from dates)
union
select refund_id from refunds
where order_id in (select order_id from cancelled_orders)
