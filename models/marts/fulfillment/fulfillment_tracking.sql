{#-
    One row per counted order with its fulfillment SLA clock and, when it has
    one, its fulfillment issue (doc blocks `sla_deadline`, `days_to_fulfill`,
    `issue_type`, `issue_severity`) and whether the issue is still open
    (`is_open_issue`: the flag the tile and v_kpi_summary both use).
-#}
with orders as (

    select * from {{ ref('int_orders__enriched') }}
    where is_counted_order
        and order_date <= {{ as_of_date() }}
    {{ in_refresh('order_id', 'int_refresh__orders', keyword='and') }}

),

fulfillments as (

    select * from {{ ref('int_fulfillments__by_order') }}
    {{ in_refresh('order_id', 'int_refresh__orders') }}

),

clocked as (

    select
        orders.order_id,
        orders.order_name,
        orders.customer_id,
        orders.created_at,
        orders.order_date,
        orders.fulfillment_status,
        orders.financial_status,
        coalesce(fulfillments.fulfillment_count, 0) as fulfillment_count,
        fulfillments.first_fulfilled_at,
        fulfillments.latest_shipment_status,
        fulfillments.tracking_company,
        coalesce(fulfillments.has_delivery_failure, false) as has_delivery_failure,
        coalesce(fulfillments.has_fulfillment_error, false) as has_fulfillment_error,
        {{ has_unresolved_fulfillment_error(
            'fulfillments.has_fulfillment_error', 'fulfillments.last_error_at', 'fulfillments.last_fulfilled_at'
        ) }} as has_unresolved_fulfillment_error,
        {{ dbt.dateadd('hour', var('fulfillment_sla_hours'), 'orders.created_at') }} as sla_deadline,
        {{ seconds_between('orders.created_at', 'coalesce(fulfillments.first_fulfilled_at, ' ~ as_of_now() ~ ')') }}
            as seconds_to_fulfill,
        coalesce(
            fulfillments.latest_shipment_status = 'in_transit'
            and {{ seconds_between('fulfillments.latest_fulfillment_created_at', as_of_now()) }}
            > {{ var('stuck_in_transit_days') }} * 86400,
            false
        ) as is_stuck_in_transit
    from orders
    left join fulfillments
        on orders.order_id = fulfillments.order_id

),

measured as (

    select
        *,
        seconds_to_fulfill - {{ var('fulfillment_sla_hours') }} * 3600 as seconds_past_sla
    from clocked

),

classified as (

    select
        *,
        {{ fulfillment_issue_type(
            'has_delivery_failure', 'has_fulfillment_error', 'is_stuck_in_transit',
            'fulfillment_status', 'seconds_past_sla > 0'
        ) }} as issue_type,
        {{ fulfillment_issue_type(
            'has_delivery_failure', 'has_unresolved_fulfillment_error', 'is_stuck_in_transit',
            'fulfillment_status', 'seconds_past_sla > 0'
        ) }} as open_issue_type
    from measured

),

final as (

    select
        order_id as shopify_order_id,
        order_name as order_number,
        customer_id as shopify_customer_id,
        created_at as order_created_at,
        order_date,
        fulfillment_status,
        financial_status,
        fulfillment_count,
        first_fulfilled_at,
        {{ ratio('seconds_to_fulfill', 86400, scale=1) }} as days_to_fulfill,
        cast(sla_deadline as timestamptz) as sla_deadline,
        seconds_past_sla > 0 as is_past_sla,
        {{ ratio('greatest(seconds_past_sla, 0)', 3600, scale=1) }} as hours_past_sla,
        latest_shipment_status,
        tracking_company,
        issue_type,
        {{ fulfillment_issue_severity('issue_type', 'seconds_past_sla') }} as issue_severity,
        {{ is_open_fulfillment_issue('open_issue_type', 'order_date') }} as is_open_issue
    from classified

)

select * from final
{# stored in order-date order: the tile reads the recent dates only, and DuckDB's
    zone maps (Postgres: the heap next to the partial index) then skip the rest #}
order by order_date
