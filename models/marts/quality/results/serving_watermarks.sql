{#-
    How far the published serving layer has read its inputs (doc block
    `serving_watermarks`): the newest delivery staged from each webhook
    source and the newest run stamp (`loaded_at`) of the stamped sales
    models (int_order_lines__enriched, int_sku__daily_lines), as of the build or refresh that published it. A refresh
    recomputes what changed after these marks and publishes the new marks
    with its rows, in one transaction (docs/production.md).
-#}
with marks as (

    select
        'shopify_received_at' as watermark_name,
        (select max(received_at) from {{ ref('stg_shopify__webhook_events') }}) as watermark_at

    union all

    select
        'chatwoot_received_at' as watermark_name,
        (select max(received_at) from {{ ref('stg_chatwoot__webhook_events') }}) as watermark_at

    union all

    select
        'loaded_at' as watermark_name,
        greatest(
            (select max(loaded_at) from {{ ref('int_order_lines__enriched') }}),
            (select max(loaded_at) from {{ ref('int_sku__daily_lines') }})
        ) as watermark_at

)

select
    watermark_name,
    cast(watermark_at as timestamptz) as watermark_at
from marks
