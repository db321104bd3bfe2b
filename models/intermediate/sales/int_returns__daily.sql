{#-
    What Shopify's Sales report returns per business date (doc block
    `sales_report`): the returns of int_returns__enriched (every refund on
    its date, every cancelled order's remainder on its cancellation date)
    summed per date. Rebuilt whole on every run, like the returns it sums;
    on a tile refresh inlined and kept to the refresh's dates (the rows
    int_returns__enriched recomputed).
-#}
{{ refresh_restricted_config() }}

with returns as (

    select * from {{ ref('int_returns__enriched') }}
    {{ in_refresh('return_date', 'int_refresh__dates', 'business_date') }}

),

daily as (

    select
        return_date,
        cast(sum(returns) as numeric(18, 2)) as returns,
        cast(sum(shipping_refunded) as numeric(18, 2)) as shipping_refunded,
        cast(sum(taxes_refunded) as numeric(18, 2)) as taxes_refunded,
        cast(sum(duties_refunded) as numeric(18, 2)) as duties_refunded,
        cast(sum(additional_fees_refunded) as numeric(18, 2)) as additional_fees_refunded,
        -- each return as one figure, summed: total_sales's second path (see sales_metrics_daily)
        cast(sum(returned_total) as numeric(18, 2)) as returned_total
    from returns
    group by return_date

)

select * from daily
