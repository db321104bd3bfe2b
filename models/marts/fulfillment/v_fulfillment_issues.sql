{#-
    Tile 3, fulfillment issues: the counted orders with an open issue (doc
    blocks `is_open_issue`, `fulfillment_issue_window`), with its severity:
    the same rows v_kpi_summary counts.
-#}
with tracking as (

    select * from {{ ref('fulfillment_tracking') }}
    where is_open_issue

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
