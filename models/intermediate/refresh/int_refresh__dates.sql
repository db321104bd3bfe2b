{#-
    The business dates whose sales_metrics_daily row a refresh recomputes:
    every date whose daily sums or returns may have changed since the
    published serving layer's watermarks (`serving_watermarks`): the order
    date and the cancellation date of each order with a version or a
    deletion staged since and of its customer's later orders (their
    sequence changes; as int_orders__enriched now has them), the order date of each rewritten
    line, and the refund date of each refund staged since or belonging to
    such an order; each with the seven dates after it (their week-over-week and trailing seven-day
    figures read it); and every date from the newest published one through
    the as-of date.
-#}
{{ refresh_key_set_config() }}
{%- set loaded_since = published_watermark('loaded_at') -%}
{%- set staged_since = published_watermark('shopify_received_at') -%}

with staged_orders as (

    select
        order_id,
        customer_id,
        created_at
    from {{ ref('stg_shopify__orders') }}
    where source_received_at >= {{ staged_since }}
        or deleted_at >= {{ staged_since }}

),

{#- a staged order (a cancellation, a deletion) renumbers its customer's later orders
    (customer_order_sequence: a new or a repeat customer on their dates); a new order, the latest, renumbers none -#}
renumbered_from as (

    select
        customer_id,
        min(created_at) as created_at
    from staged_orders
    where customer_id is not null
    group by customer_id

),

rewritten_orders as (

    select
        order_id,
        order_date,
        cancellation_date
    from {{ ref('int_orders__enriched') }}
    where order_id in (select staged_orders.order_id from staged_orders)
    union
    select
        enriched.order_id,
        enriched.order_date,
        enriched.cancellation_date
    from {{ ref('int_orders__enriched') }} as enriched
    inner join renumbered_from
        on enriched.customer_id = renumbered_from.customer_id
        and enriched.created_at >= renumbered_from.created_at

),

rewritten_lines as (

    select order_date from {{ ref('int_order_lines__enriched') }}
    where loaded_at > {{ loaded_since }}

),

changed_refunds as (

    select {{ business_date(refunded_at('processed_at', 'created_at')) }} as refund_date
    from {{ ref('stg_shopify__refunds') }}
    where source_received_at >= {{ staged_since }}
        or order_id in (select order_id from rewritten_orders)

),

changed as (

    select order_date as business_date from rewritten_orders
    union
    select cancellation_date as business_date from rewritten_orders
    union
    select order_date as business_date from rewritten_lines
    union
    select refund_date as business_date from changed_refunds

),

day_offsets as (

    {%- for day_offset in range(8) %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select {{ day_offset }} as day_offset
    {%- endfor %}

),

following as (

    select cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'changed.business_date') }} as date) as business_date
    from changed
    cross join day_offsets
    where changed.business_date is not null

),

since_published as (

    {{ date_spine_days(
        "(select max(date) from " ~ published_relation('sales_metrics_daily') ~ ")", as_of_date()
    ) }}

)

select business_date from following
where business_date <= {{ as_of_date() }}
union
select date_day as business_date from since_published
