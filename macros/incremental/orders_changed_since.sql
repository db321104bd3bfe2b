{#-
    The ids of the orders with a version, a deletion or a fulfillment staged at
    or after `since` (a SQL timestamptz): what int_orders__enriched recomputes
    from its own watermark and what a tile refresh recomputes from the
    published one (int_refresh__orders). Returns a select of `order_id`.
-#}
{% macro orders_changed_since(since) -%}
    select order_id from {{ ref('stg_shopify__orders') }}
    where
        source_received_at >= {{ since }}
        or deleted_at >= {{ since }}
    union
    select order_id from {{ ref('int_fulfillments__by_order') }}
    where source_received_at >= {{ since }}
{%- endmacro %}
