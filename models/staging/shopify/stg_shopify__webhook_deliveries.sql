{#-
    Every Shopify delivery as it landed in raw_shopify.webhook_events, one
    row per delivery (a view: nothing is copied). The events model
    classifies them; the entity models read the body of the delivery they
    keep from here (`delivery_payloads`), so no payload is written twice
    (5 GB at 1M orders).
-#}
select
    {{ landed_row_locator() }}
    event_id,
    webhook_id,
    topic,
    shop_domain,
    api_version,
    triggered_at,
    received_at,
    payload
from {{ source('raw_shopify', 'webhook_events') }}
