{#-
    One row per Chatwoot conversation with the figures Chatwoot's own reports
    show (doc blocks `first_response_time`, `avg_reply_time`,
    `resolution_time`, `reopen_count`, `csat_rating`, `business_minutes`),
    the SLA breach, the customer's sentiment, the escalation flags
    (`is_escalated`, `is_open_escalation`) and the contact's Shopify customer
    (`conversation_shopify_customer`).
-#}
with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    where created_at <= {{ as_of_now() }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations', keyword='and') }}

),

first_response as (

    select * from {{ ref('int_conversations__first_response') }}

),

reply_times as (

    select * from {{ ref('int_conversations__reply_times') }}

),

resolution as (

    select * from {{ ref('int_conversations__resolution') }}

),

business_minutes as (

    select * from {{ ref('int_conversations__business_minutes') }}

),

csat as (

    select * from {{ ref('int_conversations__csat') }}

),

shopify_customers as (

    select * from {{ ref('int_conversations__shopify_customers') }}

),

sentiment as (

    select * from {{ ref('int_conversations__sentiment') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

message_accounts as (

    -- a conversation delivered without its account takes it from its messages (`account.id` on message events)
    select
        conversation_id,
        min(account_id) as account_id
    from {{ ref('stg_chatwoot__messages') }}
    where account_id is not null
    {{ in_refresh('conversation_id', 'int_refresh__conversations', keyword='and') }}
    group by conversation_id

),

joined as (

    select
        conversations.conversation_id,
        coalesce(conversations.account_id, message_accounts.account_id) as account_id,
        conversations.inbox_id,
        shopify_customers.shopify_customer_id,
        shopify_customers.shopify_customer_match,
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
        first_response.response_clock_started_at,
        first_response.first_response_at,
        first_response.first_response_time_minutes,
        business_minutes.first_response_business_minutes,
        first_response.first_response_target_minutes,
        first_response.is_sla_breach,
        reply_times.avg_reply_time_minutes,
        resolution.resolved_at,
        resolution.resolution_time_minutes,
        business_minutes.resolution_business_minutes,
        coalesce(resolution.reopen_count, 0) as reopen_count,
        csat.csat_rating,
        csat.csat_rated_at,
        coalesce(sentiment.sentiment_label, 'neutral') as sentiment,
        sentiment.sentiment_score,
        coalesce(sentiment.scored_messages, 0) as scored_messages,
        first_response.message_count,
        first_response.incoming_message_count
    from conversations
    left join first_response
        on conversations.conversation_id = first_response.conversation_id
    left join reply_times
        on conversations.conversation_id = reply_times.conversation_id
    left join resolution
        on conversations.conversation_id = resolution.conversation_id
    left join business_minutes
        on conversations.conversation_id = business_minutes.conversation_id
    left join csat
        on conversations.conversation_id = csat.conversation_id
    left join shopify_customers
        on conversations.conversation_id = shopify_customers.conversation_id
    left join sentiment
        on conversations.conversation_id = sentiment.conversation_id
    left join message_accounts
        on conversations.conversation_id = message_accounts.conversation_id

),

escalated as (

    select
        *,
        {{ is_escalated('priority', 'sentiment', 'is_sla_breach', 'labels') }} as is_escalated
    from joined

),

final as (

    select
        conversation_id as chatwoot_conversation_id,
        account_id as chatwoot_account_id,
        inbox_id as chatwoot_inbox_id,
        shopify_customer_id,
        shopify_customer_match,
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
        response_clock_started_at,
        first_response_at,
        first_response_time_minutes,
        first_response_business_minutes,
        first_response_target_minutes,
        is_sla_breach,
        avg_reply_time_minutes,
        resolved_at,
        resolution_time_minutes,
        resolution_business_minutes,
        cast(reopen_count as integer) as reopen_count,
        cast(csat_rating as integer) as csat_rating,
        csat_rated_at,
        sentiment,
        sentiment_score,
        scored_messages,
        message_count,
        incoming_message_count,
        is_escalated,
        {{ is_open_escalation('is_escalated', 'status') }} as is_open_escalation
    from escalated

)

select * from final
