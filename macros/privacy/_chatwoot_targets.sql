{#- The CTEs ending in `targets`: the Chatwoot deliveries of the contacts linked to the requests' customers. -#}
{% macro _chatwoot_targets(chatwoot) -%}
    landed as (
        select
            event_id,
            received_at,
            {{ json_parse('payload', [
                'meta.sender.id', 'meta.sender.email', 'meta.sender.custom_attributes.shopify_customer_id',
                'custom_attributes.shopify_customer_id', 'sender.id', 'sender.type', 'sender.email',
                'conversation.meta.sender.id', 'conversation.meta.sender.email',
            ]) }} as parsed
        from {{ chatwoot }}
        {{ evaluate_once() }}
    ),

    fields as (
        select
            event_id,
            received_at,
            coalesce(
                {{ try_cast(json_get('parsed', 'meta.sender.id'), 'bigint') }},
                {{ try_cast(json_get('parsed', 'conversation.meta.sender.id'), 'bigint') }},
                case when lower({{ json_get('parsed', 'sender.type') }}) = 'contact'
                    then {{ try_cast(json_get('parsed', 'sender.id'), 'bigint') }} end
            ) as contact_id,
            nullif(lower(trim(coalesce(
                {{ json_get('parsed', 'meta.sender.email') }},
                {{ json_get('parsed', 'conversation.meta.sender.email') }},
                case when lower({{ json_get('parsed', 'sender.type') }}) = 'contact'
                    then {{ json_get('parsed', 'sender.email') }} end
            ))), '') as contact_email,
            coalesce(
                {{ try_cast(json_get('parsed', 'meta.sender.custom_attributes.shopify_customer_id'), 'bigint') }},
                {{ try_cast(json_get('parsed', 'custom_attributes.shopify_customer_id'), 'bigint') }}
            ) as shopify_customer_id
        from landed
    ),

    contacts as (
        select distinct
            requests.event_id as redaction_event_id,
            fields.contact_id
        from fields
        inner join requests
            on requests.topic = 'shop/redact'
                or fields.shopify_customer_id = requests.customer_id
                or fields.contact_email = requests.email
        where fields.contact_id is not null
    ),

    targets as (
        select
            fields.event_id,
            fields.received_at,
            contacts.redaction_event_id
        from fields
        inner join contacts
            on fields.contact_id = contacts.contact_id
    )
{%- endmacro %}
