{#-
    Shopify's mandatory compliance topics (its "privacy law compliance"
    webhooks): staged as `privacy_request` events, never counted as
    rejections. `customers/redact` and `shop/redact` are applied by
    `apply_redactions` at the start of every run; `customers/data_request`
    is answered by `hotrod-privacy data-request` (docs/receiver.md).
-#}
{% macro privacy_request_topics() -%}
    {{ return(['customers/data_request', 'customers/redact', 'shop/redact']) }}
{%- endmacro %}
