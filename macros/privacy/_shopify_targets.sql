{#- The CTEs ending in `targets`: the Shopify deliveries the pending requests scrub. -#}
{% macro _shopify_targets(shopify) -%}
    landed as (
        select
            event_id,
            received_at,
            split_part(topic, '/', 1) as topic_resource,
            {{ json_parse('payload', ['id', 'email', 'customer.id', 'customer.email', 'order_id']) }} as parsed
        from {{ shopify }}
        where split_part(topic, '/', 1) in ('orders', 'customers', 'refunds', 'fulfillments', 'shop')
        {{ evaluate_once() }}
    ),

    fields as (
        select
            event_id,
            received_at,
            topic_resource,
            {{ try_cast(json_get('parsed', 'id'), 'bigint') }} as resource_id,
            {{ try_cast(json_get('parsed', 'customer.id'), 'bigint') }} as customer_id,
            {{ try_cast(json_get('parsed', 'order_id'), 'bigint') }} as order_id,
            nullif(lower(trim(coalesce({{ json_get('parsed', 'email') }}, {{ json_get('parsed', 'customer.email') }}))), '')
                as email
        from landed
    ),

    redacted_orders as (
        select distinct
            requests.event_id as redaction_event_id,
            fields.resource_id as order_id
        from fields
        inner join requests
            on requests.topic = 'shop/redact'
                or fields.customer_id = requests.customer_id
                or fields.email = requests.email
                or {{ array_contains('requests.order_ids', 'cast(fields.resource_id as varchar)') }}
        where fields.topic_resource = 'orders'
    ),

    targets as (
        select
            fields.event_id,
            fields.received_at,
            requests.event_id as redaction_event_id
        from fields
        inner join requests
            on requests.topic = 'shop/redact'
                or fields.resource_id = requests.customer_id
                or fields.customer_id = requests.customer_id
                or fields.email = requests.email
        where fields.topic_resource in ('customers', 'shop')
        union
        -- the orders' versions, and their refunds and fulfillments
        select
            fields.event_id,
            fields.received_at,
            redacted_orders.redaction_event_id
        from fields
        inner join redacted_orders
            on case when fields.topic_resource = 'orders' then fields.resource_id else fields.order_id end
                = redacted_orders.order_id
        where fields.topic_resource in ('orders', 'refunds', 'fulfillments')
    )
{%- endmacro %}
