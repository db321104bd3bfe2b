{#- A landed Shopify delivery (`alias`) that is a redaction request not applied yet. -#}
{% macro _is_unapplied_redaction(alias, applied_table) -%}
    {{ alias }}.topic in ('customers/redact', 'shop/redact')
        and not exists (
            select 1 from {{ applied_table }} as applied
            where applied.event_id = {{ alias }}.event_id
                and applied.received_at = {{ alias }}.received_at
        )
{%- endmacro %}
