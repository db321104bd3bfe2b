{#-
    Every SKU and business date with an order line, counted or not, with
    the units, line revenue and orders of its counted lines (gift cards left
    out, as from total_revenue): zero for a SKU and date whose lines are all
    cancelled, test or gift-card lines. int_sku__daily_sales keeps the rows
    that sold.
    Incremental on the date: a run recomputes every date with a line that
    int_order_lines__enriched rewrote since (a late cancellation of an old
    order recomputes that order's date). Every line, counted or not, belongs
    to its date, so a recomputed date always has rows and they replace the
    old ones (docs/incremental.md).
-#}
{{ config(
    materialized='incremental',
    unique_key='sale_date',
    indexes=postgres_indexes([{'columns': ['sale_date']}, {'columns': ['loaded_at']}]),
) }}

{%- set is_sale = 'is_counted_order and not is_gift_card' %}

with
{%- if is_incremental() %}

    affected_dates as (

        select distinct order_date
        from {{ ref('int_order_lines__enriched') }}
        where loaded_at > {{ incremental_watermark('loaded_at') }}

    ),
{%- endif %}

order_lines as (

    select * from {{ ref('int_order_lines__enriched') }}
    {%- if is_incremental() %}
        where order_date in (select affected_dates.order_date from affected_dates)
    {%- endif %}

),

daily as (

    select
        sku,
        order_date as sale_date,
        min(case when {{ is_sale }} then product_id end) as product_id,
        min(case when {{ is_sale }} then title end) as title,
        coalesce(sum(case when {{ is_sale }} then quantity end), 0) as units,
        coalesce(sum(case when {{ is_sale }} then line_revenue end), 0) as revenue,
        count(distinct case when {{ is_sale }} then order_id end) as orders,
        {{ run_stamp() }} as loaded_at
    from order_lines
    group by sku, order_date

)

select * from daily
