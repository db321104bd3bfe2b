{#-
    Tile 3, fulfillment issues: the counted orders of the issue window (doc
    block `fulfillment_issue_window`) that have a fulfillment issue, with
    its severity.
-#}
with tracking as (

    select * from {{ ref('fulfillment_tracking') }}
    where issue_type is not null
        and order_date >= {{ as_of_date(1 - var('fulfillment_issue_window_days')) }}

)

select
    order_number,
    fulfillment_status,
    days_to_fulfill,
    issue_type,
    {{ severity_order('issue_severity') }} as issue_severity,
    sla_deadline,
    hours_past_sla,
    latest_shipment_status,
    tracking_company,
    order_created_at,
    shopify_order_id,
    shopify_customer_id
from tracking
