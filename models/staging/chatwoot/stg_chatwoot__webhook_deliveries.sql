{#-
    Every Chatwoot delivery as it landed in raw_chatwoot.webhook_events, one
    row per delivery (a view: nothing is copied). The events model
    classifies them; the entity models read the body of the delivery they
    keep from here (`delivery_payloads`).
-#}
select
    {{ landed_row_locator() }}
    event_id,
    event,
    account_id,
    received_at,
    payload
from {{ source('raw_chatwoot', 'webhook_events') }}
