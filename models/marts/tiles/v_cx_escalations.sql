{#-
    Tile 4, CX escalations: conversations that are urgent or high priority,
    negative, past their first-response SLA, or labelled escalation.
-#}
with conversations as (

    select * from {{ ref('cx_conversations') }}
    where is_escalated

)

select
    chatwoot_conversation_id,
    priority,
    sentiment,
    is_sla_breach,
    first_response_time_minutes,
    status,
    sentiment_score,
    first_response_target_minutes,
    labels,
    assignee_name,
    shopify_customer_id,
    shopify_order_number,
    created_at,
    last_activity_at
from conversations
