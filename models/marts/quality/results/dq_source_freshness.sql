{#-
    When each landing table last received data and how current each serving
    table's data is, with the thresholds v_data_freshness compares them to
    (doc block `data_freshness`). Serving tables report the end of the newest
    business date (or the newest timestamp) they carry.
-#}
{%- set warn_hours = var('freshness_warn_hours') -%}
{%- set error_hours = var('freshness_error_hours') -%}

with landing as (

    select 'raw_shopify.webhook_events' as relation_name, 'landing' as relation_kind,
        max(received_at) as last_loaded_at, {{ warn_hours }} as warn_after_hours, {{ error_hours }} as error_after_hours
    from {{ source('raw_shopify', 'webhook_events') }}
    union all
    select 'raw_chatwoot.webhook_events', 'landing', max(received_at), {{ warn_hours }}, {{ error_hours }}
    from {{ source('raw_chatwoot', 'webhook_events') }}
    union all
    select 'raw_ops.shop_activation_events', 'landing', max(recorded_at), 7 * 24, 30 * 24
    from {{ source('raw_ops', 'shop_activation_events') }}
    union all
    select 'raw_ops.queue_items', 'landing', max(recorded_at), {{ warn_hours }}, {{ error_hours }}
    from {{ source('raw_ops', 'queue_items') }}
    union all
    select 'raw_ops.operator_actions', 'landing', max(recorded_at), {{ warn_hours }}, {{ error_hours }}
    from {{ source('raw_ops', 'operator_actions') }}
    union all
    select 'raw_ops.time_savings_entries', 'landing', max(recorded_at), {{ warn_hours }}, {{ error_hours }}
    from {{ source('raw_ops', 'time_savings_entries') }}

),

serving as (

    select 'sales_metrics_daily' as relation_name, 'serving' as relation_kind,
        max({{ end_of_business_date('date') }}) as last_loaded_at,
        {{ warn_hours }} as warn_after_hours, {{ error_hours }} as error_after_hours
    from {{ ref('sales_metrics_daily') }}
    union all
    select 'sku_performance', 'serving', max({{ end_of_business_date('window_end_date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('sku_performance') }}
    union all
    select 'inventory_snapshots', 'serving', max({{ end_of_business_date('snapshot_date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('inventory_snapshots') }}
    union all
    select 'fulfillment_tracking', 'serving', max(order_created_at), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('fulfillment_tracking') }}
    union all
    select 'cx_conversations', 'serving', max(last_activity_at), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('cx_conversations') }}
    union all
    select 'shop_activation_metrics', 'serving', max({{ end_of_business_date('date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('shop_activation_metrics') }}
    union all
    select 'operator_sla_resolution', 'serving', max({{ end_of_business_date('date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('operator_sla_resolution') }}
    union all
    select 'ceo_time_savings', 'serving', max({{ end_of_business_date('date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('ceo_time_savings') }}
    union all
    select 'product_categories', 'serving', max(updated_at), 30 * 24, 90 * 24
    from {{ ref('product_categories') }}
    union all
    select 'customer_segments', 'serving', max({{ end_of_business_date('as_of_date') }}), {{ warn_hours }}, {{ error_hours }}
    from {{ ref('customer_segments') }}

)

select
    relation_name,
    relation_kind,
    last_loaded_at,
    cast(warn_after_hours as integer) as warn_after_hours,
    cast(error_after_hours as integer) as error_after_hours
from landing
union all
select
    relation_name,
    relation_kind,
    last_loaded_at,
    cast(warn_after_hours as integer) as warn_after_hours,
    cast(error_after_hours as integer) as error_after_hours
from serving
