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
{#-
    The checks, one entry each: its name, the relation it reads, what it
    checks, its severity and why (`why`), the rows it counts
    (`rows`: the from and where clauses), and optionally `failing_rows` (the
    figure, default count(*)) and `status_if_rows` (default 'fail').
-#}
{%- set checks = [
    {'name': 'orders_without_lines', 'relation': 'int_orders__enriched',
     'description': 'Counted orders that have no line items.',
     'severity': 'warn', 'why': 'data: Shopify sent an order with no line items',
     'rows': "from orders where is_counted_order and line_count = 0"},
    {'name': 'order_lines_non_positive_quantity', 'relation': 'stg_shopify__order_lines',
     'description': 'Order lines whose quantity is missing, zero or negative.',
     'severity': 'warn', 'why': 'data: a quantity the payload gave as zero, negative or unreadable',
     'rows': "from " ~ ref('stg_shopify__order_lines') ~ " where quantity is null or quantity <= 0"},
    {'name': 'negative_money', 'relation': 'stg_shopify__order_lines',
     'description': 'Order lines with a negative price or discount, or a discount larger than the line.',
     'severity': 'warn', 'why': 'data: amounts as the payload gave them',
     'rows': "from " ~ ref('stg_shopify__order_lines')
        ~ " where price < 0 or discount_amount < 0 or discount_amount > price * quantity"},
    {'name': 'order_subtotal_matches_lines', 'relation': 'int_orders__enriched',
     'description': "Orders (test and deleted ones aside) whose subtotal_price differs from their lines after "
        ~ "discounts (price x quantity - discount allocations, gift cards included; shipping, duties, taxes and "
        ~ "tips are not part of it).",
     'severity': 'warn', 'why': 'data: the serving layer\'s figures come from the lines, so an order whose own '
        ~ 'subtotal disagrees with them is an anomaly of the payload (doc block `order_subtotal`)',
     'rows': "from orders where is_sales_report_order and line_count > 0 and subtotal_price != line_revenue"},
    {'name': 'fulfillment_before_order', 'relation': 'stg_shopify__fulfillments',
     'description': 'Fulfillments created before the order they fulfil.',
     'severity': 'warn', 'why': 'data: timestamps as Shopify sent them',
     'rows': "from " ~ ref('stg_shopify__fulfillments') ~ " as fulfillments inner join orders"
        ~ " on fulfillments.order_id = orders.order_id where fulfillments.created_at < orders.created_at"},
    {'name': 'refund_before_order', 'relation': 'int_refund_lines__enriched',
     'description': 'Refund lines processed before their order was placed.',
     'severity': 'warn', 'why': 'data: timestamps as Shopify sent them',
     'rows': "from " ~ ref('int_refund_lines__enriched') ~ " as refund_lines inner join orders"
        ~ " on refund_lines.order_id = orders.order_id where refund_lines.refunded_at < orders.created_at"},
    {'name': 'daily_revenue_reconciles', 'relation': 'sales_metrics_daily',
     'description': 'Business dates whose total_revenue or total_orders differ from the sums over counted orders.',
     'severity': 'error', 'why': 'serving layer wrong: the daily figures do not add up to the orders '
        ~ 'they count',
     'rows': "from daily full outer join order_totals on daily.date = order_totals.order_date"
        ~ " where coalesce(daily.total_revenue, 0) != coalesce(order_totals.total_revenue, 0)"
        ~ " or coalesce(daily.total_orders, 0) != coalesce(order_totals.total_orders, 0)"},
    {'name': 'sku_revenue_reconciles', 'relation': 'sku_performance',
     'description': 'SKU revenue over the 30-day window differs from the daily revenue of the same window.',
     'severity': 'error', 'why': 'serving layer wrong: both sides sum the line revenue of counted orders, '
        ~ 'gift cards left out',
     'rows': "from sku_window_revenue cross join daily_window_revenue",
     'failing_rows': "max(case when sku_window_revenue.revenue = daily_window_revenue.revenue then 0 else 1 end)"},
    {'name': 'first_response_before_conversation', 'relation': 'cx_conversations',
     'description': 'Conversations whose first agent response is earlier than the conversation.',
     'severity': 'warn', 'why': 'data: timestamps as Chatwoot sent them',
     'rows': "from " ~ ref('cx_conversations') ~ " where first_response_at < created_at"},
    {'name': 'rejected_webhook_payloads', 'relation': 'int_webhook_rejections',
     'description': 'Webhook deliveries that could not be used (malformed, missing id, unhandled topic); '
        ~ 'a warning up to 1% of deliveries, a failure above.',
     'severity': 'warn', 'why': 'data: deliveries that could not be used; kept out of the figures, '
        ~ 'so warn (fail above 1%)',
     'rows': "from rejections cross join deliveries cross join chatwoot_deliveries",
     'failing_rows': "max(rejections.rejected)",
     'status_if_rows': "case when max(rejections.rejected) * 100"
        ~ " > max(deliveries.deliveries + chatwoot_deliveries.deliveries) then 'fail' else 'warn' end"},
    {'name': 'implausible_order_timestamps', 'relation': 'stg_shopify__orders',
     'description': "Orders whose created_at or processed_at is missing or unreadable, has no offset, falls "
        ~ "before the shop's first day (var shop_first_day) or more than a day after its delivery; kept out of "
        ~ "the figures (doc block implausible_timestamp).",
     'severity': 'warn', 'why': 'data: timestamps as the payload gave them; the figures leave these orders out',
     'rows': "from " ~ ref('stg_shopify__orders') ~ " where timestamp_issue is not null and not is_deleted"},
    {'name': 'order_lines_without_sku', 'relation': 'int_order_lines__enriched',
     'description': 'Order lines with no SKU (custom items), grouped by product and variant under "(no sku) ...".',
     'severity': 'warn', 'status_if_rows': "'warn'", 'why': 'data: custom items; informational, never a failure',
     'rows': "from " ~ ref('int_order_lines__enriched') ~ " where not has_sku"},
] -%}

{%- set window_days = 30 -%}  {#- sku_performance's revenue_30d -#}

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
    where {{ in_trailing_window('date', window_days) }}

),

checks as (

    {%- for check in checks %}
        select
            '{{ check.name }}' as check_name,
            '{{ check.relation }}' as relation_name,
            '{{ check.description | replace("'", "''") }}' as description,
            '{{ check.severity }}' as severity,
            {{ check.get('status_if_rows', "'fail'") }} as status_if_rows,
            {{ check.get('failing_rows', 'count(*)') }} as failing_rows
        {{ check.rows }}
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

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
