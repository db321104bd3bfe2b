{#-
    The steps every webhook events model shares (stg_shopify__webhook_events,
    stg_chatwoot__webhook_events), written once.

    Both models are incremental on `event_id` (delete+insert): a run reads only
    the deliveries of events that have a delivery received at or after the
    latest `received_at` already staged (all deliveries of those events, so a
    late retry of an old event updates its delivery count). Deliveries landed
    with an older `received_at` than the last build (a backfill of captured
    files) are found by the test `landed_events_are_staged`, which names the
    full-refresh command that picks them up.

    The windows never carry payloads: the payload is parsed once into narrow
    columns, the delivery and content ranks run on those, and the payload of
    each first delivery is joined back by its physical row (`row_locator`).
    That keeps the full build within DuckDB's memory limit at millions of
    events.
-#}

{#- The landed deliveries this run stages. -#}
{% macro webhook_landed_batch(source_relation) -%}
    select
        {{ row_locator(source_relation) }} as landed_row,
        *
    from {{ source_relation }}
    {%- if is_incremental() %}
    {#- by row locator: the ids are matched on the narrow columns, and only the
        matching rows' payloads are read (DuckDB would otherwise scan every
        payload); a unit test's fixture CTE has no locator and is small #}
    {%- set key = 'event_id' if source_relation.is_cte else row_locator(source_relation) %}
    where {{ key }} in (
        select {{ key }}
        from {{ source_relation }}
        where event_id in (
            select event_id
            from {{ source_relation }}
            where received_at >= {{ incremental_watermark('received_at') }}
        )
    )
    {%- endif %}
{%- endmacro %}


{#-
    The deliveries whose payloads the events model returns, by `landed_row`:
    an incremental batch is small, so its payloads come from the batch itself
    (the CTE `landed`); a full build reads them straight from the landing
    table, so the payloads of millions of deliveries are never held in a CTE.
-#}
{% macro webhook_delivered(source_relation) -%}
    {%- if is_incremental() -%}
    select * from landed
    {%- else -%}
    select
        {{ row_locator(source_relation) }} as landed_row,
        *
    from {{ source_relation }}
    {%- endif -%}
{%- endmacro %}


{#-
    CTE `first_deliveries`: from `classified` (one row per delivery, narrow:
    no payload), the first delivery of each event id by `order_by`, with
    `delivery_count`.
-#}
{% macro webhook_first_deliveries(classified, order_by) -%}
ranked_deliveries as (

    select
        *,
        count(*) over (partition by event_id) as delivery_count,
        row_number() over (partition by event_id order by {{ order_by }}) as delivery_rank
    from (select * from {{ classified }} {{ evaluate_once() }}) as narrow_deliveries

),

first_deliveries as (

    select * from ranked_deliveries
    where delivery_rank = 1

)
{%- endmacro %}


{#-
    CTE `content_ranked`: the rows of `validated`, each valid, non-deletion
    event with `content_rank`, its rank among the events with the same content
    key (`key_columns`) by `received_at` then `event_id` (null for the other
    rows), in physical order (`in_physical_order`) for the join back to the
    payloads.
    A full build ranks in one window over `validated`, so the narrow rows are
    neither stored nor joined a second time. On an incremental run the events
    already staged with the same keys take part, so an event that repeats
    content staged yesterday is a duplicate today too.
-#}
{% macro webhook_content_ranks(validated, key_columns) -%}
{%- set is_candidate = 'rejection_reason is null and not is_deletion' -%}
{%- if not is_incremental() %}
content_ranked as (

    select
        *,
        case when {{ is_candidate }} then
            row_number() over (
                partition by {{ is_candidate }}, {{ key_columns | join(', ') }}
                order by received_at, event_id
            )
        end as content_rank
    from {{ validated }}
    {{ in_physical_order('landed_row') }}

)
{%- else %}
batch_content_keys as (

    select distinct
        {{ key_columns | join(',\n        ') }}
    from {{ validated }}
    where {{ is_candidate }}

),

content_candidates as (

    select
        event_id,
        {% for column in key_columns %}{{ column }},
        {% endfor -%}
        received_at
    from {{ validated }}
    where {{ is_candidate }}

    union all

    select
        staged.event_id,
        {% for column in key_columns %}staged.{{ column }},
        {% endfor -%}
        staged.received_at
    from {{ this }} as staged
    inner join batch_content_keys
        on
        {%- for column in key_columns %}
            {% if not loop.first %}and {% endif %}staged.{{ column }} = batch_content_keys.{{ column }}
        {%- endfor %}
    where staged.is_valid
        and not staged.is_deletion
        and not exists (
            select 1 from {{ validated }} as restaged
            where restaged.event_id = staged.event_id
        )

),

content_ranks as (

    select
        event_id,
        row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by received_at, event_id
        ) as content_rank
    from content_candidates

),

content_ranked as (

    select
        {{ validated }}.*,
        content_ranks.content_rank
    from {{ validated }}
    left join content_ranks
        on {{ validated }}.event_id = content_ranks.event_id
    {{ in_physical_order('landed_row') }}

)
{%- endif %}
{%- endmacro %}
