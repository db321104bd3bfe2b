{%- set paths = [
    'id', 'name', 'order_number', 'email', 'customer.id',
    'created_at', 'updated_at', 'processed_at', 'cancelled_at', 'cancel_reason', 'closed_at',
    'financial_status', 'fulfillment_status', 'currency', 'test', 'source_name', 'tags',
    'subtotal_price', 'total_line_items_price', 'total_discounts', 'total_tax', 'total_price', 'taxes_included',
    'total_shipping_price_set.shop_money.amount', 'original_total_duties_set.shop_money.amount',
    'original_total_additional_fees_set.shop_money.amount', 'shipping_lines:json', 'discount_codes:json',
    'line_items:json',
] -%}

{#- indexed on customer_id and deleted_at too: the tile refresh reads a customer's orders and the orders deleted
    since its watermark by them (docs/production.md) -#}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['source_received_at']}, {'columns': ['customer_id']},
        {'columns': ['deleted_at']}]),
) }}

{#- A text timestamp carries an offset (Z or +-HH[:MM] after the date); null for null. -#}
{%- set has_offset = "(right({t}, 1) = 'Z' or strpos(substr({t}, 11), '+') > 0 or strpos(substr({t}, 11), '-') > 0)" -%}
{%- set first_day = "cast('" ~ var('shop_first_day') ~ "' as date)" -%}

with latest as (

    {{ latest_versions(ref('stg_shopify__webhook_events'), ref('stg_shopify__webhook_deliveries'), 'order') }}

),

parsed as (

    select
        event_id,
        received_at,
        version_count,
        deleted_at,
        is_deleted,
        {{ json_parse('payload', paths) }} as order_json
    from latest {{ evaluate_once() }}

),

fields as (

    select
        *,
        {{- json_fields('order_json', paths) }}
    from parsed {{ evaluate_once() }}

),

dated as (

    {#- the timestamps that date the order, cast once: timestamp_issue reads each several times, and a CTE that
        Postgres inlined would repeat the cast, a regex and the calendar checks, at every reference -#}
    select
        *,
        {{ try_cast('created_at', 'timestamptz') }} as created_at_value,
        {{ try_cast('processed_at', 'timestamptz') }} as processed_at_value,
        {{ has_offset.replace('{t}', 'created_at') }} as created_at_has_offset,
        coalesce({{ has_offset.replace('{t}', 'processed_at') }}, true) as processed_at_has_offset
    from fields {{ evaluate_once() }}

),

renamed as (

    select
        -- ids
        {{ try_cast('id', 'bigint') }} as order_id,
        {{ try_cast('customer__id', 'bigint') }} as customer_id,
        name as order_name,
        {{ try_cast('order_number', 'bigint') }} as order_number,
        lower(email) as email,

        -- status
        lower(financial_status) as financial_status,
        lower(coalesce(fulfillment_status, 'unfulfilled')) as fulfillment_status,
        cancel_reason,
        coalesce({{ try_cast('test', 'boolean') }}, false) as is_test,
        coalesce({{ try_cast('taxes_included', 'boolean') }}, false) as is_taxes_included,
        source_name,
        currency,
        nullif(trim(tags), '') as tags,

        -- money (shop currency)
        {{ try_cast('subtotal_price', 'numeric(18, 2)') }} as subtotal_price,
        {{ try_cast('total_line_items_price', 'numeric(18, 2)') }} as total_line_items_price,
        coalesce({{ try_cast('total_discounts', 'numeric(18, 2)') }}, 0) as total_discounts,
        coalesce({{ try_cast('total_tax', 'numeric(18, 2)') }}, 0) as total_tax,
        {{ try_cast('total_price', 'numeric(18, 2)') }} as total_price,
        -- shipping charged before its discounts (Shopify: the sum of the shipping lines' prices)
        coalesce(
            {{ try_cast('total_shipping_price_set__shop_money__amount', 'numeric(18, 2)') }}, 0
        ) as shipping_price,
        -- shipping discounts: allocated to the shipping lines, not to the line items
        coalesce(
            {{ json_path_sum('shipping_lines', '[*].discount_allocations[*].amount') }}, 0
        ) as shipping_discounts,
        coalesce(
            {{ try_cast('original_total_duties_set__shop_money__amount', 'numeric(18, 2)') }}, 0
        ) as duties,
        coalesce(
            {{ try_cast('original_total_additional_fees_set__shop_money__amount', 'numeric(18, 2)') }},
            0
        ) as additional_fees,

        -- timestamps (UTC)
        created_at_value as created_at,
        {{ try_cast('updated_at', 'timestamptz') }} as updated_at,
        processed_at_value as processed_at,
        -- plausibility of the timestamps that date the order (doc block `implausible_timestamp`)
        case
            when created_at_value is null then 'missing_or_unreadable'
            when not created_at_has_offset or not processed_at_has_offset then 'no_offset'
            when {{ business_date('created_at_value') }} < {{ first_day }}
                or {{ business_date('processed_at_value') }} < {{ first_day }}
                then 'before_first_day'
            when created_at_value > {{ dbt.dateadd('day', 1, 'received_at') }}
                or processed_at_value > {{ dbt.dateadd('day', 1, 'received_at') }}
                then 'in_the_future'
        end as timestamp_issue,
        {{ try_cast('cancelled_at', 'timestamptz') }} as cancelled_at,
        {{ try_cast('closed_at', 'timestamptz') }} as closed_at,

        -- nested documents, unnested by stg_shopify__order_lines
        discount_codes,
        line_items,

        -- lineage
        is_deleted,
        deleted_at,
        version_count,
        event_id as source_event_id,
        received_at as source_received_at
    from dated

)

select * from renamed
