{#-
    The data-quality checks of the serving layer, one row per check, computed
    when the project is built (doc block `data_quality_checks`). A check's
    status is `pass` with no failing rows, `warn` with rows within its
    tolerance (`status_if_rows` 'warn': expected webhook mess), else `fail`.
    Its severity is decided here, check by check:
      error  the rows mean the serving layer itself is wrong (its figures do
             not reconcile): the test `blocking_quality_checks_pass` fails
             `dbt build`, and scripts/build_prod does not publish;
      warn   the rows are anomalies in the data the shop sent, which the
             serving layer reports as they are: it publishes, and
             v_data_quality_checks shows the check failing.
    v_data_quality_checks reads this table.
-#}
{%- set velocity_days = var('velocity_window_days') -%}

with orders as (

    select * from {{ ref('int_orders__enriched') }}

),

deliveries as (

    select count(*) as deliveries from {{ ref('stg_shopify__webhook_events') }}

),

chatwoot_deliveries as (

    select count(*) as deliveries from {{ ref('stg_chatwoot__webhook_events') }}

),

rejections as (

    select count(*) as rejected from {{ ref('int_webhook_rejections') }}

),

order_totals as (

    select
        order_date,
        sum(gross_sales - discounts) as total_revenue,
        count(*) as total_orders
    from orders
    where is_counted_order
        and order_date <= {{ as_of_date() }}
    group by order_date

),

daily as (

    select * from {{ ref('sales_metrics_daily') }}

),

sku_window_revenue as (

    select coalesce(sum(revenue_30d), 0) as revenue from {{ ref('sku_performance') }}

),

daily_window_revenue as (

    select coalesce(sum(total_revenue), 0) as revenue
    from daily
    where date > {{ as_of_date(-velocity_days) }} and date <= {{ as_of_date() }}

),

checks as (

    select
        'orders_without_lines' as check_name,
        'int_orders__enriched' as relation_name,
        'Counted orders that have no line items.' as description,
        -- data: Shopify sent an order with no line items
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from orders
    where is_counted_order and line_count = 0

    union all

    select
        'order_lines_non_positive_quantity' as check_name,
        'stg_shopify__order_lines' as relation_name,
        'Order lines whose quantity is missing, zero or negative.' as description,
        -- data: a quantity the payload gave as zero, negative or unreadable
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('stg_shopify__order_lines') }}
    where quantity is null or quantity <= 0

    union all

    select
        'negative_money' as check_name,
        'stg_shopify__order_lines' as relation_name,
        'Order lines with a negative price or discount, or a discount larger than the line.' as description,
        -- data: amounts as the payload gave them
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('stg_shopify__order_lines') }}
    where price < 0 or discount_amount < 0 or discount_amount > price * quantity

    union all

    {# a warning: the serving layer's figures come from the lines, so an order whose own
        subtotal disagrees with them is an anomaly of the payload (doc block `order_subtotal`) #}
    select
        'order_subtotal_matches_lines' as check_name,
        'int_orders__enriched' as relation_name,
        'Orders (test and deleted ones aside) whose subtotal_price differs from their lines after discounts '
        || '(price x quantity - discount allocations, gift cards included; shipping, duties, taxes and tips '
        || 'are not part of it).' as description,
        -- data: the payload's own subtotal against its lines
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from orders
    where is_sales_report_order and line_count > 0 and subtotal_price != line_revenue

    union all

    select
        'fulfillment_before_order' as check_name,
        'stg_shopify__fulfillments' as relation_name,
        'Fulfillments created before the order they fulfil.' as description,
        -- data: timestamps as Shopify sent them
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('stg_shopify__fulfillments') }} as fulfillments
    inner join orders
        on fulfillments.order_id = orders.order_id
    where fulfillments.created_at < orders.created_at

    union all

    select
        'refund_before_order' as check_name,
        'int_refund_lines__enriched' as relation_name,
        'Refund lines processed before their order was placed.' as description,
        -- data: timestamps as Shopify sent them
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('int_refund_lines__enriched') }} as refund_lines
    inner join orders
        on refund_lines.order_id = orders.order_id
    where refund_lines.refunded_at < orders.created_at

    union all

    select
        'daily_revenue_reconciles' as check_name,
        'sales_metrics_daily' as relation_name,
        'Business dates whose total_revenue or total_orders differ from the sums over counted orders.' as description,
        -- serving layer wrong: the daily figures do not add up to the orders they count
        'error' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from daily
    full outer join order_totals
        on daily.date = order_totals.order_date
    where coalesce(daily.total_revenue, 0) != coalesce(order_totals.total_revenue, 0)
        or coalesce(daily.total_orders, 0) != coalesce(order_totals.total_orders, 0)

    union all

    select
        'sku_revenue_reconciles' as check_name,
        'sku_performance' as relation_name,
        'SKU revenue over the 30-day window differs from the daily revenue of the same window.' as description,
        -- serving layer wrong: both sides sum the line revenue of counted orders, gift cards left out
        'error' as severity,
        'fail' as status_if_rows,
        case when sku_window_revenue.revenue = daily_window_revenue.revenue then 0 else 1 end as failing_rows
    from sku_window_revenue
    cross join daily_window_revenue

    union all

    select
        'first_response_before_conversation' as check_name,
        'cx_conversations' as relation_name,
        'Conversations whose first agent response is earlier than the conversation.' as description,
        -- data: timestamps as Chatwoot sent them
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('cx_conversations') }}
    where first_response_at < created_at

    union all

    select
        'rejected_webhook_payloads' as check_name,
        'int_webhook_rejections' as relation_name,
        'Webhook deliveries that could not be used (malformed, missing id, unhandled topic); '
        || 'a warning up to 1% of deliveries, a failure above.' as description,
        -- data: deliveries that could not be used; kept out of the figures, so warn (fail above 1%)
        'warn' as severity,
        case
            when max(rejections.rejected) * 100 > max(deliveries.deliveries + chatwoot_deliveries.deliveries)
                then 'fail'
            else 'warn'
        end as status_if_rows,
        max(rejections.rejected) as failing_rows
    from rejections
    cross join deliveries
    cross join chatwoot_deliveries

    union all

    select
        'implausible_order_timestamps' as check_name,
        'stg_shopify__orders' as relation_name,
        'Orders whose created_at or processed_at is missing or unreadable, has no offset, falls before the '
        || 'shop''s first day (var shop_first_day) or more than a day after its delivery; kept out of the figures '
        || '(doc block implausible_timestamp).' as description,
        -- data: timestamps as the payload gave them; the figures leave these orders out
        'warn' as severity,
        'fail' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('stg_shopify__orders') }}
    where timestamp_issue is not null and not is_deleted

    union all

    select
        'order_lines_without_sku' as check_name,
        'int_order_lines__enriched' as relation_name,
        'Order lines with no SKU (custom items), grouped by product and variant under "(no sku) ...".'
            as description,
        -- data: custom items; informational, never a failure
        'warn' as severity,
        'warn' as status_if_rows,
        count(*) as failing_rows
    from {{ ref('int_order_lines__enriched') }}
    where not has_sku

)

select
    check_name,
    relation_name,
    description,
    severity,
    cast(failing_rows as bigint) as failing_rows,
    case when failing_rows = 0 then 'pass' else status_if_rows end as status,
    {{ as_of_now() }} as checked_at
from checks
