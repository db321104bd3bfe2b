{#-
    When each landing table last received data and how current each serving
    table's data is, with the thresholds v_data_freshness compares them to
    (doc block `data_freshness`). A landing table's loaded-at column and
    thresholds are those of its source YAML, read through `source_freshness`:
    the ones `dbt source freshness` applies. The table is read through its
    staging model (only staging reads a source): the deliveries view, or the
    ops model that keeps each record's latest version, which holds the newest
    loaded-at value. Serving tables report the end of the newest business date
    (or the newest timestamp) they carry, against the vars
    freshness_warn_hours / freshness_error_hours. Each mark: the relation (a
    landing source or a serving model), its kind, the expression of its mark,
    the model it is read from, its thresholds, and whether a refresh moves it.

    A refresh (docs/production.md) recomputes the marks it moves: the webhook
    landing tables' and its tables', each the newer of the published mark
    and its recomputed rows' (the other rows did not change).
-#}
{%- set warn_hours = var('freshness_warn_hours') -%}
{%- set error_hours = var('freshness_error_hours') -%}
{#- the last item of a mark: a refresh moves it (the webhook landing tables', the refreshed tables') -#}
{%- set landing = [] -%}
{%- for source_name, table_name, staging_model in [
    ('raw_shopify', 'webhook_events', 'stg_shopify__webhook_deliveries'),
    ('raw_chatwoot', 'webhook_events', 'stg_chatwoot__webhook_deliveries'),
    ('raw_ops', 'shop_activation_events', 'stg_ops__shop_activation_events'),
    ('raw_ops', 'queue_items', 'stg_ops__queue_items'),
    ('raw_ops', 'operator_actions', 'stg_ops__operator_actions'),
    ('raw_ops', 'time_savings_entries', 'stg_ops__time_savings_entries'),
] -%}
    {%- set configured = source_freshness(source_name, table_name) -%}
    {%- do landing.append((
        source_name ~ '.' ~ table_name, 'landing', 'max(' ~ configured.loaded_at_field ~ ')',
        ref(staging_model), configured.warn_after_hours, configured.error_after_hours, source_name != 'raw_ops',
    )) -%}
{%- endfor -%}
{%- set marks = landing + [
    ('sales_metrics_daily', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('sales_metrics_daily'), warn_hours, error_hours, true),
    ('sku_performance', 'serving', 'max(' ~ end_of_business_date('window_end_date') ~ ')', ref('sku_performance'), warn_hours, error_hours, false),
    ('inventory_snapshots', 'serving', 'max(' ~ end_of_business_date('snapshot_date') ~ ')', ref('inventory_snapshots'), warn_hours, error_hours, false),
    ('fulfillment_tracking', 'serving', 'max(order_created_at)', ref('fulfillment_tracking'), warn_hours, error_hours, true),
    ('cx_conversations', 'serving', 'max(last_activity_at)', ref('cx_conversations'), warn_hours, error_hours, true),
    ('shop_activation_metrics', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('shop_activation_metrics'), warn_hours, error_hours, false),
    ('operator_sla_resolution', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('operator_sla_resolution'), warn_hours, error_hours, false),
    ('ceo_time_savings', 'serving', 'max(' ~ end_of_business_date('date') ~ ')', ref('ceo_time_savings'), warn_hours, error_hours, false),
    ('product_categories', 'serving', 'max(updated_at)', ref('product_categories'), 30 * 24, 90 * 24, false),
    ('customer_segments', 'serving', 'max(' ~ end_of_business_date('as_of_date') ~ ')', ref('customer_segments'), warn_hours, error_hours, false),
] -%}

{%- set computed = [] -%}
{%- for mark in marks if mark[6] or not is_refresh() -%}
    {%- do computed.append(mark) -%}
{%- endfor %}

with marks as (
    {%- for name, kind, expression, relation, warn_after, error_after, refreshed in computed %}
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
