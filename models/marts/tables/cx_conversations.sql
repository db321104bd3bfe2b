{#-
    One row per Chatwoot conversation with its first response time, SLA
    breach, customer sentiment and escalation flag (doc blocks
    `first_response_time`, `is_sla_breach`, `sentiment`, `is_escalated`).
-#}
with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    where created_at <= {{ as_of_now() }}

),

first_response as (

    select * from {{ ref('int_conversations__first_response') }}

),

sentiment as (

    select * from {{ ref('int_conversations__sentiment') }}

),

joined as (

    select
        conversations.conversation_id,
        conversations.shopify_customer_id,
        conversations.contact_id,
        conversations.order_name,
        conversations.status,
        conversations.priority,
        conversations.labels,
        conversations.assignee_id,
        conversations.assignee_name,
        conversations.created_at,
        {{ business_date('conversations.created_at') }} as created_date,
        conversations.last_activity_at,
        first_response.first_response_at,
        first_response.first_response_time_minutes,
        first_response.first_response_target_minutes,
        first_response.is_sla_breach,
        first_response.message_count,
        first_response.incoming_message_count,
        coalesce(sentiment.sentiment_label, 'neutral') as sentiment,
        sentiment.sentiment_score,
        coalesce(sentiment.scored_messages, 0) as scored_messages
    from conversations
    left join first_response
        on conversations.conversation_id = first_response.conversation_id
    left join sentiment
        on conversations.conversation_id = sentiment.conversation_id

),

final as (

    select
        conversation_id as chatwoot_conversation_id,
        shopify_customer_id,
        contact_id as chatwoot_contact_id,
        order_name as shopify_order_number,
        status,
        priority,
        labels,
        assignee_id as chatwoot_assignee_id,
        assignee_name,
        created_at,
        created_date,
        last_activity_at,
        first_response_at,
        first_response_time_minutes,
        first_response_target_minutes,
        is_sla_breach,
        sentiment,
        sentiment_score,
        scored_messages,
        message_count,
        incoming_message_count,
        {{ is_escalated('priority', 'sentiment', 'is_sla_breach', 'labels') }} as is_escalated
    from joined

)

select * from final
