{#-
    One row per order: business date (processed_at), the counted-order and
    Sales-report flags, the order's sale in Shopify's Sales-report terms
    (gross sales, discounts, shipping, taxes, duties, fees), whether it is
    fulfilled, line totals and the customer's order sequence.

    Incremental (delete+insert on order_id): a run recomputes the changed
    orders and, for each of their customers, the orders placed from the
    earliest changed one on (their order sequence continues from the counted
    orders held before it), and leaves the others as they were. A changed order is one with a
    version, a deletion or a fulfillment staged at or after the watermark
    (`source_received_at`, the newest order version it holds), on a daily
    build and on a tile refresh alike: a refresh's other keys (the open
    orders whose tile figures run with the clock, `int_refresh__orders`)
    change nothing here. At 1M orders on PostgreSQL, after one more day of
    deliveries, it took 12.6 s rebuilt whole and takes 6.2 s incremental
    (docs/incremental.md); keyed by the refresh's 10,542 orders instead of
    the changed ones, a refresh spent 8.4 s of its 14.7 s here. Its indexes
    are the keys the refresh reads it by.
-#}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    incremental_strategy='delete+insert',
    tags=['refresh_incremental'],
    indexes=postgres_indexes([{'columns': ['order_id']}, {'columns': ['order_date']}, {'columns': ['cancellation_date']},
        {'columns': ['customer_id']}]),
) }}

with
{%- if is_incremental() %}

    changed as (

        {{ orders_changed_since(incremental_watermark()) }}

    ),

    renumbered as (

        -- the customers of the changed orders, as staged now and as this model last saw them, each from the
        -- earliest of those orders: their orders placed before it keep the sequence this model holds
        select
            customer_id,
            min(created_at) as renumbered_from
        from (
            select
                staged.customer_id,
                staged.created_at
            from {{ ref('stg_shopify__orders') }} as staged
            where staged.order_id in (select changed.order_id from changed)
            union all
            select
                held.customer_id,
                held.created_at
            from {{ this }} as held
            where held.order_id in (select changed.order_id from changed)
        ) as touched
        where customer_id is not null
        group by customer_id

    ),

    batch as (

        select order_id from changed
        union
        select staged.order_id from {{ ref('stg_shopify__orders') }} as staged
        inner join renumbered
            on staged.customer_id = renumbered.customer_id
                and staged.created_at >= renumbered.renumbered_from

    ),

    sequence_offsets as (

        -- the counted orders each renumbered customer placed before the batch's first: its sequence starts after them
        select
            held.customer_id,
            count(*) as counted_before
        from {{ this }} as held
        inner join renumbered
            on held.customer_id = renumbered.customer_id
                and held.created_at < renumbered.renumbered_from
        where held.is_counted_order  -- a changed order is never before its customer's renumbered_from
        group by held.customer_id

    ),
{%- endif %}

orders as (

    select * from {{ ref('stg_shopify__orders') }}
    {%- if is_incremental() %}
        where order_id in (select batch.order_id from batch)
    {%- endif %}

),

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}
    {%- if is_incremental() %}
        where order_id in (select batch.order_id from batch)
    {%- endif %}

),

fulfillments as (

    select
        order_id,
        fulfilled_quantity
    from {{ ref('int_fulfillments__by_order') }}
    {%- if is_incremental() %}
        where order_id in (select batch.order_id from batch)
    {%- endif %}

),

line_totals as (

    select
        order_id,
        count(*) as line_count,
        sum(quantity) as units,
        sum(current_quantity) as current_units,
        sum({{ line_revenue('price', 'quantity', 'discount_amount') }}) as line_revenue,
        -- Shopify's Sales report leaves gift cards out: selling one is a liability, not a sale
        sum(case when not is_gift_card then price * quantity else 0 end) as gross_sales,
        sum(case when not is_gift_card then discount_amount else 0 end) as discounts
    from order_lines
    group by order_id

),

classified as (

    select
        orders.order_id,
        orders.order_name,
        orders.order_number,
        orders.customer_id,
        orders.created_at,
        orders.processed_at,
        {{ business_date('coalesce(orders.processed_at, orders.created_at)') }} as order_date,
        orders.cancelled_at,
        {{ business_date('orders.cancelled_at') }} as cancellation_date,
        orders.financial_status,
        orders.fulfillment_status,
        orders.is_test,
        orders.cancelled_at is not null as is_cancelled,
        orders.is_deleted,
        {{ is_counted_order('orders.is_test', 'orders.cancelled_at', 'orders.financial_status', 'orders.is_deleted',
            'orders.timestamp_issue') }}
            as is_counted_order,
        -- Shopify's Sales report counts every order but test and deleted ones (doc block `sales_report`);
        -- an implausibly dated one stays out of every daily figure (doc block `implausible_timestamp`)
        not orders.is_test and not coalesce(orders.is_deleted, false) and orders.timestamp_issue is null
            as is_sales_report_order,
        -- fulfilled by its status, or by successful fulfillments covering every unit still on the order
        -- (Shopify never fulfills a line beyond its quantity) while the order's own status lags behind them
        orders.fulfillment_status = 'fulfilled'
        or coalesce(fulfillments.fulfilled_quantity >= line_totals.current_units and line_totals.current_units > 0, false)
            as is_fulfilled,
        orders.subtotal_price,
        cast(coalesce(line_totals.gross_sales, 0) as numeric(18, 2)) as gross_sales,
        cast(coalesce(line_totals.discounts, 0) as numeric(18, 2)) as discounts,
        cast(orders.shipping_price - orders.shipping_discounts as numeric(18, 2)) as shipping_charges,
        orders.total_tax as taxes,
        orders.duties,
        orders.additional_fees,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.units, 0) as units,
        coalesce(line_totals.line_revenue, 0) as line_revenue,
        orders.source_received_at
    from orders
    left join line_totals
        on orders.order_id = line_totals.order_id
    left join fulfillments
        on orders.order_id = fulfillments.order_id

),

sequenced as (

    select
        classified.*,
        case
            when classified.is_counted_order and classified.customer_id is not null
                then {% if is_incremental() %}coalesce(sequence_offsets.counted_before, 0) + {% endif -%}
                    row_number() over (
                        partition by classified.customer_id, classified.is_counted_order
                        order by classified.created_at, classified.order_id
                    )
        end as customer_order_sequence
    from classified
    {%- if is_incremental() %}
    left join sequence_offsets
        on classified.customer_id = sequence_offsets.customer_id
    {%- endif %}

)

select * from sequenced
