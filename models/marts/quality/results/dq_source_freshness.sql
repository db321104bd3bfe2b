{#-
    When each landing table last received data and how current each serving
    table's data is, with the thresholds v_data_freshness compares them to
    (doc block `data_freshness`). A landing table is read through its staging
    model (the deliveries view, or the ops model that keeps each record's
    latest version, which holds the newest `recorded_at`). Serving tables report the end of the newest
    business date (or the newest timestamp) they carry.
-#}
{%- set warn_hours = var('freshness_warn_hours') -%}
{%- set error_hours = var('freshness_error_hours') -%}
{%- set marks = [
    ('raw_shopify.webhook_events', 'landing', 'max(received_at)', ref('stg_shopify__webhook_deliveries'), warn_hours, error_hours),
    ('raw_chatwoot.webhook_events', 'landing', 'max(received_at)', ref('stg_chatwoot__webhook_deliveries'), warn_hours, error_hours),
    ('raw_ops.shop_activation_events', 'landing', 'max(recorded_at)', ref('stg_ops__shop_activation_events'), 7 * 24, 30 * 24),
    ('raw_ops.queue_items', 'landing', 'max(recorded_at)', ref('stg_ops__queue_items'), warn_hours, error_hours),
    ('raw_ops.operator_actions', 'landing', 'max(recorded_at)', ref('stg_ops__operator_actions'), warn_hours, error_hours),
    ('raw_ops.time_savings_entries', 'landing', 'max(recorded_at)', ref('stg_ops__time_savings_entries'), warn_hours, error_hours),
    ('sales_metrics_daily', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('sales_metrics_daily'), warn_hours, error_hours),
    ('sku_performance', 'serving', 'max(' ~ end_of_business_date('window_end_date') ~ ')', ref('sku_performance'), warn_hours, error_hours),
    ('inventory_snapshots', 'serving', 'max(' ~ end_of_business_date('snapshot_date') ~ ')', ref('inventory_snapshots'), warn_hours, error_hours),
    ('fulfillment_tracking', 'serving', 'max(order_created_at)', ref('fulfillment_tracking'), warn_hours, error_hours),
    ('cx_conversations', 'serving', 'max(last_activity_at)', ref('cx_conversations'), warn_hours, error_hours),
    ('shop_activation_metrics', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('shop_activation_metrics'), warn_hours, error_hours),
    ('operator_sla_resolution', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('operator_sla_resolution'), warn_hours, error_hours),
    ('ceo_time_savings', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('ceo_time_savings'), warn_hours, error_hours),
    ('product_categories', 'serving', 'max(updated_at)', ref('product_categories'), 30 * 24, 90 * 24),
    ('customer_segments', 'serving', 'max(' ~ end_of_business_date('as_of_date') ~ ')', ref('customer_segments'), warn_hours, error_hours),
] -%}

with marks as (
    {%- for name, kind, expression, relation, warn_after, error_after in marks %}

        select
            '{{ name }}' as relation_name,
            '{{ kind }}' as relation_kind,
            cast({{ expression }} as timestamptz) as last_loaded_at,
            cast({{ warn_after }} as integer) as warn_after_hours,
            cast({{ error_after }} as integer) as error_after_hours
        from {{ relation }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

)

select * from marks
