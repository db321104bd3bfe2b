{#-
    The Shopify customer of each conversation's contact (doc block
    `conversation_shopify_customer`): the `shopify_customer_id` custom
    attribute where Chatwoot carries one (the contact's, else the
    conversation's), else the Shopify customer with the contact's e-mail
    (lower-cased and trimmed on both sides; customers deleted in Shopify do
    not match; Shopify keeps e-mails unique, and should two customers share
    one, the lowest id is taken).
-#}
{{ refresh_restricted_config() }}

with conversations as (

    select * from {{ ref('stg_chatwoot__conversations') }}
    {{ in_refresh('conversation_id', 'int_refresh__conversations') }}

),

customers as (

    select * from {{ ref('stg_shopify__customers') }}
    {%- if is_refresh() %}
        {# a refresh matches its own conversations' contacts only #}
        where lower(trim(email)) in (select conversations.contact_email from conversations)
    {%- endif %}

),

customer_emails as (

    select
        lower(trim(email)) as email,
        min(customer_id) as customer_id
    from customers
    where not is_deleted
        and email is not null
        and trim(email) != ''
    group by lower(trim(email))

),

final as (

    select
        conversations.conversation_id,
        coalesce(conversations.shopify_customer_id, customer_emails.customer_id) as shopify_customer_id,
        case
            when conversations.shopify_customer_id is not null then 'custom_attribute'
            when customer_emails.customer_id is not null then 'email'
        end as shopify_customer_match
    from conversations
    left join customer_emails
        on conversations.contact_email = customer_emails.email

)

select * from final
