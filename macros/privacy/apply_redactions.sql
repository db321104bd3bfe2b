{#-
    on-run-start: apply Shopify's `customers/redact` and `shop/redact`
    requests that landed since the last run, before any model reads a payload.

    A request names a customer (`customer.id`, `customer.email`) and the
    orders to redact (`orders_to_redact`); `shop/redact` is every customer of
    the shop. The landed deliveries that carry the customer's personal data
    are scrubbed in place:
    - Shopify: the customer's versions and privacy requests (by id or
      e-mail), their orders (by `customer.id`, e-mail or `orders_to_redact`)
      and those orders' refunds and fulfillments lose e-mail, names, phone,
      addresses (province and country codes are kept), notes, browser and
      client details;
    - Chatwoot: every delivery of the linked contact (linked by the
      `shopify_customer_id` custom attribute or by the same e-mail): the
      conversations, the contact's messages and the messages embedded in
      them lose the contact's name, e-mail, phone, identifier and avatar.
    Ids, amounts, dates and statuses stay: the customer's orders still count
    in the sales figures.

    Each scrubbed delivery is recorded in `privacy.redacted_deliveries` (ids
    only), which the incremental entity models read to re-rank the ids it
    touched (`redacted_resource_ids`); each applied request in
    `privacy.redaction_requests`, last, so a run stopped half-way applies it
    again (scrubbing twice changes nothing). Nothing to apply costs one scan
    of the Shopify landing table's topics. The Python phase of build_prod
    (DuckDB in memory, PostgreSQL attached) has no landing tables of its own
    and skips this.
-#}
{% macro apply_redactions() -%}
    {%- if not execute or (target.type == 'duckdb' and target.path == ':memory:') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set shopify = source('raw_shopify', 'webhook_events') -%}
    {%- set chatwoot = source('raw_chatwoot', 'webhook_events') -%}
    {%- set log_table = source('privacy', 'redacted_deliveries') -%}
    {%- set applied_table = source('privacy', 'redaction_requests') -%}
    {%- if adapter.get_relation(shopify.database, shopify.schema, shopify.identifier) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- do hotrod_an._privacy_run(hotrod_an._privacy_tables_ddl(log_table, applied_table)) -%}

    {%- set pending -%}
        select count(*) from {{ shopify }} as landed
        where {{ hotrod_an._is_unapplied_redaction('landed', applied_table) }}
    {%- endset -%}
    {%- set request_count = hotrod_an._privacy_run(pending).columns[0].values()[0] | int -%}
    {%- if request_count == 0 -%}
        {{ return('') }}
    {%- endif -%}

    {%- set requests -%}
    pending_requests as (
        select
            event_id,
            received_at,
            topic,
            {{ json_parse('payload', ['customer.id', 'customer.email', 'orders_to_redact:json']) }} as parsed
        from {{ shopify }} as landed
        where {{ hotrod_an._is_unapplied_redaction('landed', applied_table) }}
        {{ evaluate_once() }}
    ),

    requests as (
        select
            event_id,
            received_at,
            topic,
            {{ try_cast(json_get('parsed', 'customer.id'), 'bigint') }} as customer_id,
            nullif(lower(trim({{ json_get('parsed', 'customer.email') }})), '') as email,
            {{ json_text_array(json_get('parsed', 'orders_to_redact:json')) }} as order_ids
        from pending_requests
    )
    {%- endset -%}

    {%- set writes = [
        hotrod_an._record_targets('shopify', hotrod_an._shopify_targets(shopify), log_table, requests),
        hotrod_an._record_targets('chatwoot', hotrod_an._chatwoot_targets(chatwoot), log_table, requests),
    ] -%}
    {%- set address = ['first_name', 'last_name', 'name', 'company', 'address1', 'address2', 'city', 'zip', 'phone',
                       'latitude', 'longitude'] -%}
    {%- set contact = ['name', 'email', 'phone_number', 'identifier', 'thumbnail', 'avatar', 'avatar_url',
                       'additional_attributes'] -%}
    {%- set scrubbed = {
        'shopify': {
            '': ['email', 'contact_email', 'phone', 'note', 'note_attributes', 'first_name', 'last_name',
                 'browser_ip', 'client_details', 'addresses', 'multipass_identifier'],
            'customer': ['email', 'first_name', 'last_name', 'phone', 'note', 'default_address', 'addresses',
                         'multipass_identifier'],
            'default_address': address,
            'billing_address': address,
            'shipping_address': address,
            'destination': address,
        },
        'chatwoot': {
            'meta.sender': contact,
            'sender': contact,
            'conversation.meta.sender': contact,
            'messages[].sender': contact,
            'contact_inbox': ['source_id'],
            'conversation.contact_inbox': ['source_id'],
        },
    } -%}
    {%- for system, landing in [('shopify', shopify), ('chatwoot', chatwoot)] -%}
        {%- for path, keys in scrubbed[system].items() -%}
            {%- do writes.append(hotrod_an._scrub(landing, system, path, keys, log_table, applied_table)) -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- do writes.append("insert into " ~ applied_table ~ " (event_id, received_at, topic, customer_id, applied_at)\n"
        ~ "with " ~ requests ~ "\nselect event_id, received_at, topic, customer_id, " ~ run_stamp() ~ " from requests") -%}
    {#- one transaction: the targets recorded, their payloads scrubbed, the requests marked applied -#}
    {%- do hotrod_an._privacy_run(writes | join(';\n')) -%}
    {%- set counted -%}
        select source_system, count(*) from {{ log_table }}
        where applied_at = {{ run_stamp() }}
        group by source_system
    {%- endset -%}
    {%- set counts = {} -%}
    {%- for row in hotrod_an._privacy_run(counted).rows -%}
        {%- do counts.update({row[0]: row[1] | int}) -%}
    {%- endfor -%}
    {{ log("privacy: applied " ~ request_count ~ " redaction request(s): scrubbed "
        ~ counts.get('shopify', 0) ~ " Shopify and " ~ counts.get('chatwoot', 0) ~ " Chatwoot deliveries", info=True) }}
    {{ return('') }}
{%- endmacro %}


{#-
    Run `sql` (one statement, or several separated by `;`) in one
    transaction, and commit it: dbt commits nothing a hook's macro runs.
    Returns the result of the last statement.
-#}
{% macro _privacy_run(sql) -%}
    {%- call statement('apply_redactions', fetch_result=true, auto_begin=true) -%}
        {{ sql }}
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return(load_result('apply_redactions').table) }}
{%- endmacro %}


{#- A landed Shopify delivery (`alias`) that is a redaction request not applied yet. -#}
{% macro _is_unapplied_redaction(alias, applied_table) -%}
    {{ alias }}.topic in ('customers/redact', 'shop/redact')
        and not exists (
            select 1 from {{ applied_table }} as applied
            where applied.event_id = {{ alias }}.event_id
                and applied.received_at = {{ alias }}.received_at
        )
{%- endmacro %}


{% macro _privacy_tables_ddl(log_table, applied_table) -%}
    create schema if not exists {{ log_table.schema }};
    create table if not exists {{ log_table }} (
        source_system varchar not null,
        event_id varchar not null,
        received_at timestamptz not null,
        redaction_event_id varchar not null,
        applied_at timestamptz not null
    );
    create table if not exists {{ applied_table }} (
        event_id varchar not null,
        received_at timestamptz not null,
        topic varchar not null,
        customer_id bigint,
        applied_at timestamptz not null
    )
{%- endmacro %}


{#- The CTEs ending in `targets`: the Shopify deliveries the pending requests scrub. -#}
{% macro _shopify_targets(shopify) -%}
    landed as (
        select
            event_id,
            received_at,
            split_part(topic, '/', 1) as topic_resource,
            {{ json_parse('payload', ['id', 'email', 'customer.id', 'customer.email', 'order_id']) }} as parsed
        from {{ shopify }}
        where split_part(topic, '/', 1) in ('orders', 'customers', 'refunds', 'fulfillments', 'shop')
        {{ evaluate_once() }}
    ),

    fields as (
        select
            event_id,
            received_at,
            topic_resource,
            {{ try_cast(json_get('parsed', 'id'), 'bigint') }} as resource_id,
            {{ try_cast(json_get('parsed', 'customer.id'), 'bigint') }} as customer_id,
            {{ try_cast(json_get('parsed', 'order_id'), 'bigint') }} as order_id,
            nullif(lower(trim(coalesce({{ json_get('parsed', 'email') }}, {{ json_get('parsed', 'customer.email') }}))), '')
                as email
        from landed
    ),

    redacted_orders as (
        select distinct
            requests.event_id as redaction_event_id,
            fields.resource_id as order_id
        from fields
        inner join requests
            on requests.topic = 'shop/redact'
                or fields.customer_id = requests.customer_id
                or fields.email = requests.email
                or {{ array_contains('requests.order_ids', 'cast(fields.resource_id as varchar)') }}
        where fields.topic_resource = 'orders'
    ),

    targets as (
        select
            fields.event_id,
            fields.received_at,
            requests.event_id as redaction_event_id
        from fields
        inner join requests
            on requests.topic = 'shop/redact'
                or fields.resource_id = requests.customer_id
                or fields.customer_id = requests.customer_id
                or fields.email = requests.email
        where fields.topic_resource in ('customers', 'shop')
        union
        -- the orders' versions, and their refunds and fulfillments
        select
            fields.event_id,
            fields.received_at,
            redacted_orders.redaction_event_id
        from fields
        inner join redacted_orders
            on case when fields.topic_resource = 'orders' then fields.resource_id else fields.order_id end
                = redacted_orders.order_id
        where fields.topic_resource in ('orders', 'refunds', 'fulfillments')
    )
{%- endmacro %}


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


{#-
    Record in `log_table` the deliveries of `system` that `target_ctes` (CTEs
    ending in `targets`: event_id, received_at, redaction_event_id) name for
    the pending requests (`requests`: their CTEs), unless recorded already.
-#}
{% macro _record_targets(system, target_ctes, log_table, requests) -%}
    insert into {{ log_table }} (source_system, event_id, received_at, redaction_event_id, applied_at)
    with {{ requests }},

    {{ target_ctes }}

    select distinct
        '{{ system }}' as source_system,
        targets.event_id,
        targets.received_at,
        targets.redaction_event_id,
        {{ run_stamp() }} as applied_at
    from targets
    where not exists (
        select 1 from {{ log_table }} as recorded
        where recorded.source_system = '{{ system }}'
            and recorded.event_id = targets.event_id
            and recorded.received_at = targets.received_at
            and recorded.redaction_event_id = targets.redaction_event_id
    )
{%- endmacro %}


{#- Remove `keys` at `path` from the landed payloads recorded for a request not applied yet. -#}
{% macro _scrub(landing, system, path, keys, log_table, applied_table) -%}
    update {{ landing }} as landed
    set payload = {{ json_remove_keys('payload', path, keys) }}
    where {{ json_object_at('payload', path.split('[].')[0] ~ '[]' if '[].' in path else path) }}
        and exists (
            select 1 from {{ log_table }} as redacted
            where redacted.source_system = '{{ system }}'
                and redacted.event_id = landed.event_id
                and redacted.received_at = landed.received_at
                and not exists (
                    select 1 from {{ applied_table }} as applied
                    where applied.event_id = redacted.redaction_event_id
                )
        )
{%- endmacro %}
