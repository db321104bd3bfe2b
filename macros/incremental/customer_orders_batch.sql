{#-
    The batch CTEs of int_orders__enriched on an incremental run (nothing on a
    full build): `batch`, the orders whose staged version is new or that have
    a fulfillment staged since (a fulfillment can make an order fulfilled
    before its own status says so), and every order of their customers, old
    and new.
-#}
{% macro customer_orders_batch() -%}
    {%- if is_incremental() %}
    {%- set watermark = incremental_watermark('source_received_at') %}
    changed_orders as (
        select
            order_id,
            customer_id
        from {{ ref('stg_shopify__orders') }}
        where source_received_at >= {{ watermark }}
        union
        select
            order_id,
            customer_id
        from {{ ref('stg_shopify__orders') }}
        where order_id in (
                select order_id from {{ ref('int_fulfillments__by_order') }}
                where source_received_at >= {{ watermark }}
            )
    ),

    affected_customers as (
        select customer_id from changed_orders
        union
        select enriched.customer_id
        from {{ this }} as enriched
        inner join changed_orders
            on enriched.order_id = changed_orders.order_id
    ),

    batch as (
        select order_id from changed_orders
        union
        select order_id from {{ ref('stg_shopify__orders') }}
        where customer_id in (select customer_id from affected_customers)
    ),
    {%- endif %}
{%- endmacro %}
