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
    touched (`latest_versions`, through stg_privacy__redacted_deliveries); each applied request in
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
