{#- Executive KPI summary: the as-of date's headline figures from every area, in one row. -#}
with today as (

    select * from {{ ref('sales_metrics_daily') }}
    where date = {{ as_of_date() }}

),

trailing_30d as (

    select
        sum(total_revenue) as revenue_30d,
        sum(gross_sales) as gross_sales_30d,
        sum(discounts) as discounts_30d,
        sum(returns) as returns_30d,
        sum(net_sales) as net_sales_30d,
        sum(shipping_charges) as shipping_charges_30d,
        sum(taxes) as taxes_30d,
        sum(total_sales) as total_sales_30d,
        sum(total_orders) as orders_30d
    from {{ ref('sales_metrics_daily') }}
    where {{ in_trailing_window('date', 30) }}
        and date <= {{ as_of_date() }}

),

year_to_date as (

    select sum(total_revenue) as revenue_ytd
    from {{ ref('sales_metrics_daily') }}
    where date >= {{ as_of_date_year_start() }}
        and date <= {{ as_of_date() }}

),

inventory as (

    select
        sum(case when alert_severity = 'critical' then 1 else 0 end) as critical_inventory_alerts,
        sum(case when stock_status = 'out_of_stock' then 1 else 0 end) as out_of_stock_skus
    from {{ ref('inventory_snapshots') }}
    where snapshot_date = {{ as_of_date() }}
        and alert_severity is not null

),

fulfillment as (

    select
        count(*) as open_fulfillment_issues,
        sum(case when issue_severity in ('critical', 'high') then 1 else 0 end) as urgent_fulfillment_issues
    from {{ ref('fulfillment_tracking') }}
    where is_open_issue

),

cx as (

    select
        count(*) as open_cx_escalations,
        sum(case when is_sla_breach then 1 else 0 end) as open_sla_breaches
    from {{ ref('cx_conversations') }}
    where is_open_escalation

),

csat_ratings as (

    {#- CSAT score (doc block `csat_score`): ratings of 4 or 5 / ratings x 100, by the rating's business date -#}
    select
        csat_rating >= 4 as is_satisfied,
        {{ in_trailing_window(business_date('csat_rated_at'), 7) }} as is_in_7d,
        {{ in_trailing_window(business_date('csat_rated_at'), 30) }} as is_in_30d
    from {{ ref('cx_conversations') }}
    where csat_rating is not null
        and {{ business_date('csat_rated_at') }} <= {{ as_of_date() }}

),

csat as (

    select
        {{ ratio('sum(case when is_in_7d and is_satisfied then 1 else 0 end)', 'sum(case when is_in_7d then 1 else 0 end)',
            multiplier=100) }} as csat_score_7d,
        sum(case when is_in_7d then 1 else 0 end) as csat_responses_7d,
        {{ ratio('sum(case when is_satisfied then 1 else 0 end)', 'count(*)', multiplier=100) }} as csat_score_30d,
        count(*) as csat_responses_30d
    from csat_ratings
    where is_in_30d

),

activation as (

    select activation_rate_pct
    from {{ ref('shop_activation_metrics') }}
    where date = {{ as_of_date() }}

),

time_savings as (

    select sum(minutes_saved) as minutes_saved_30d
    from {{ ref('ceo_time_savings') }}
    where {{ in_trailing_window('date', 30) }}
        and date <= {{ as_of_date() }}

)

select
    {{ as_of_date() }} as as_of_date,
    coalesce(today.total_revenue, 0) as revenue_today,
    coalesce(today.total_orders, 0) as orders_today,
    today.avg_order_value as avg_order_value_today,
    today.revenue_vs_last_week_pct,
    today.fulfillment_rate_pct,
    cast(coalesce(trailing_30d.revenue_30d, 0) as numeric(18, 2)) as revenue_30d,
    cast(coalesce(trailing_30d.gross_sales_30d, 0) as numeric(18, 2)) as gross_sales_30d,
    cast(coalesce(trailing_30d.discounts_30d, 0) as numeric(18, 2)) as discounts_30d,
    cast(coalesce(trailing_30d.returns_30d, 0) as numeric(18, 2)) as returns_30d,
    cast(coalesce(trailing_30d.net_sales_30d, 0) as numeric(18, 2)) as net_sales_30d,
    cast(coalesce(trailing_30d.shipping_charges_30d, 0) as numeric(18, 2)) as shipping_charges_30d,
    cast(coalesce(trailing_30d.taxes_30d, 0) as numeric(18, 2)) as taxes_30d,
    cast(coalesce(trailing_30d.total_sales_30d, 0) as numeric(18, 2)) as total_sales_30d,
    cast(coalesce(trailing_30d.orders_30d, 0) as integer) as orders_30d,
    {{ ratio('trailing_30d.revenue_30d', 'trailing_30d.orders_30d') }} as avg_order_value_30d,
    cast(coalesce(year_to_date.revenue_ytd, 0) as numeric(18, 2)) as revenue_ytd,
    cast(coalesce(inventory.critical_inventory_alerts, 0) as integer) as critical_inventory_alerts,
    cast(coalesce(inventory.out_of_stock_skus, 0) as integer) as out_of_stock_skus,
    cast(coalesce(fulfillment.open_fulfillment_issues, 0) as integer) as open_fulfillment_issues,
    cast(coalesce(fulfillment.urgent_fulfillment_issues, 0) as integer) as urgent_fulfillment_issues,
    cast(coalesce(cx.open_cx_escalations, 0) as integer) as open_cx_escalations,
    cast(coalesce(cx.open_sla_breaches, 0) as integer) as open_sla_breaches,
    csat.csat_score_7d,
    cast(coalesce(csat.csat_responses_7d, 0) as integer) as csat_responses_7d,
    csat.csat_score_30d,
    cast(coalesce(csat.csat_responses_30d, 0) as integer) as csat_responses_30d,
    activation.activation_rate_pct,
    {{ ratio('time_savings.minutes_saved_30d', 60) }} as hours_saved_30d
from trailing_30d
left join today on true
cross join year_to_date
cross join inventory
cross join fulfillment
cross join cx
cross join csat
left join activation on true
cross join time_savings
