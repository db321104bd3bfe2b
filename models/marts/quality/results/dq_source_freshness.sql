{#-
    When each landing table last received data and how current each serving
    table's data is, with the thresholds v_data_freshness compares them to
    (doc block `data_freshness`). Serving tables report the end of the newest
    business date (or the newest timestamp) they carry. Each mark: the
    relation (a landing source or a serving model), its kind, the expression
    of its mark, its thresholds, and whether a refresh moves it.

    A refresh (docs/production.md) recomputes the marks it moves: the webhook
    landing tables' and its tables', each the newer of the published mark
    and its recomputed rows' (the other rows did not change).
-#}
{%- set warn_hours = var('freshness_warn_hours') -%}
{%- set error_hours = var('freshness_error_hours') -%}
{%- set marks = [
    ('raw_shopify.webhook_events', 'landing', 'max(received_at)', warn_hours, error_hours, true),
    ('raw_chatwoot.webhook_events', 'landing', 'max(received_at)', warn_hours, error_hours, true),
    ('raw_ops.shop_activation_events', 'landing', 'max(recorded_at)', 7 * 24, 30 * 24, false),
    ('raw_ops.queue_items', 'landing', 'max(recorded_at)', warn_hours, error_hours, false),
    ('raw_ops.operator_actions', 'landing', 'max(recorded_at)', warn_hours, error_hours, false),
    ('raw_ops.time_savings_entries', 'landing', 'max(recorded_at)', warn_hours, error_hours, false),
    ('sales_metrics_daily', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', warn_hours, error_hours, true),
    ('sku_performance', 'serving', 'max(' ~ end_of_business_date('window_end_date') ~ ')', warn_hours, error_hours, false),
    ('inventory_snapshots', 'serving', 'max(' ~ end_of_business_date('snapshot_date') ~ ')', warn_hours, error_hours, false),
    ('fulfillment_tracking', 'serving', 'max(order_created_at)', warn_hours, error_hours, true),
    ('cx_conversations', 'serving', 'max(last_activity_at)', warn_hours, error_hours, true),
    ('shop_activation_metrics', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', warn_hours, error_hours, false),
    ('operator_sla_resolution', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', warn_hours, error_hours, false),
    ('ceo_time_savings', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', warn_hours, error_hours, false),
    ('product_categories', 'serving', 'max(updated_at)', 30 * 24, 90 * 24, false),
    ('customer_segments', 'serving', 'max(' ~ end_of_business_date('as_of_date') ~ ')', warn_hours, error_hours, false),
] -%}

{%- set computed = [] -%}
{%- for mark in marks if mark[5] or not is_refresh() -%}
    {%- do computed.append(mark) -%}
{%- endfor %}

with marks as (
    {%- for name, kind, expression, warn_after, error_after, refreshed in computed %}
        {%- set relation = source(name.split('.')[0], name.split('.')[1]) if kind == 'landing' else ref(name) %}
        {%- set mark = 'cast(' ~ expression ~ ' as timestamptz)' %}
        {%- if is_refresh() and kind == 'serving' %}
            {%- set mark = 'greatest(' ~ mark ~ ', (select published.last_loaded_at from '
                ~ published_relation('dq_source_freshness', 'quality') ~ ' as published where published.relation_name = \''
                ~ name ~ '\'))' %}
        {%- endif %}

        select
            '{{ name }}' as relation_name,
            '{{ kind }}' as relation_kind,
            {{ mark }} as last_loaded_at,
            cast({{ warn_after }} as integer) as warn_after_hours,
            cast({{ error_after }} as integer) as error_after_hours
        from {{ relation }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

)

select * from marks
