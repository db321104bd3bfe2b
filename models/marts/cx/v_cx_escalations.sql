{#-
    Tile 4, CX escalations: the open escalations operators act on (doc block
    `is_open_escalation`: escalated, and open or pending), the same rows
    v_kpi_summary counts.
-#}
with conversations as (

    select * from {{ ref('cx_conversations') }}
    where is_open_escalation

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
    first_response_business_minutes,
    reopen_count,
    labels,
    assignee_name,
    shopify_customer_id,
    shopify_order_number,
    created_at,
    last_activity_at
from conversations
