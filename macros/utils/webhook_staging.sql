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

    The events models are narrow: they never copy a payload. The payload is
    parsed once into the columns the classification needs, and a model that
    needs the body of an event reads it from the landing table, by the first
    delivery's `event_id` and `received_at` (`first_delivery_payloads`). At
    1,000,000 orders that leaves 5 GB of payloads where they landed instead of
    writing them a second time.
-#}

{#-
    The landing table of an events model, its topic column, the order
    that picks the first delivery of an event (the delivery whose payload
    counts), and its source system (as `privacy.redacted_deliveries` names it).
-#}
{% macro webhook_landing(events_model) -%}
    {%- if events_model == 'stg_shopify__webhook_events' -%}
        {{ return({'relation': source('raw_shopify', 'webhook_events'), 'topic': 'topic', 'delivery_order': ['received_at', 'webhook_id'], 'system': 'shopify'}) }}
    {%- elif events_model == 'stg_chatwoot__webhook_events' -%}
        {{ return({'relation': source('raw_chatwoot', 'webhook_events'), 'topic': 'event', 'delivery_order': ['received_at'], 'system': 'chatwoot'}) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("webhook_landing: no landing table is known for " ~ events_model) }}
    {%- endif -%}
{%- endmacro %}


{#-
    The landed deliveries `events_model` stages from its landing table
    (`webhook_landing`): all of them on a full build; on an incremental run,
    every delivery of the events with a delivery received since the
    watermark, picked by `landed_batch_key`.
-#}
{% macro webhook_landed_batch(events_model) -%}
    {%- set source_relation = webhook_landing(events_model).relation -%}
    select *
    from {{ source_relation }}
    {%- if is_incremental() %}
    {%- set key = landed_batch_key(source_relation) | trim %}
    {%- set batch_event_ids -%}
        select event_id
        from {{ source_relation }}
        where received_at >= {{ incremental_watermark('received_at') }}
    {%- endset %}
    {%- if key == 'event_id' %}
    where event_id in (
        {{ batch_event_ids }}
    )
    {%- else %}
    where {{ key }} in (
        select {{ key }}
        from {{ source_relation }}
        where event_id in (
            {{ batch_event_ids }}
        )
    )
    {%- endif %}
    {%- endif %}
{%- endmacro %}


{#-
    CTE `first_deliveries`: from `classified` (one row per delivery, narrow:
    no payload), the first delivery of each event id in the delivery order of
    `events_model`'s landing table (`webhook_landing`), with `delivery_count`
    and `first_delivery_is_tied`: true when the next delivery in that order
    was received at the same instant, so that `first_delivery_payloads` must
    tell them apart by the rest of the order.
-#}
{% macro webhook_first_deliveries(classified, events_model) -%}
{%- set delivery_order = webhook_landing(events_model).delivery_order | join(', ') -%}
ranked_deliveries as (

    select
        *,
        count(*) over (partition by event_id) as delivery_count,
        row_number() over (partition by event_id order by {{ delivery_order }}) as delivery_rank,
        coalesce(
            lead(received_at) over (partition by event_id order by {{ delivery_order }}) = received_at,
            false
        ) as first_delivery_is_tied
    from (select * from {{ classified }} {{ evaluate_once() }}) as narrow_deliveries

),

first_deliveries as (

    select * from ranked_deliveries
    where delivery_rank = 1

)
{%- endmacro %}


{#-
    The columns of `events_model` that `first_delivery_payloads` finds a
    first delivery's body by: `event_id`, `received_at`, the landing table's
    topic column (`webhook_landing`) and `first_delivery_is_tied`.
-#}
{% macro first_delivery_keys(events_model) -%}
    event_id, received_at, {{ webhook_landing(events_model).topic }}, first_delivery_is_tied
{%- endmacro %}


{#-
    The rows of `events` (a relation or CTE with the `first_delivery_keys`
    columns of an events model), each with `payload`: the body of its first delivery,
    read from the landing table of `events_model`. One row per row of
    `events`. The landing table is matched on `event_id`, `received_at` and
    the topic; where several deliveries of one event landed at the same
    instant (rare: a file loaded twice), the rest of the delivery order picks
    the same delivery as the events model did.
-#}
{% macro first_delivery_payloads(events, events_model) -%}
    {%- set landing = webhook_landing(events_model) -%}
    {#- after received_at; Chatwoot has no further order (its event id hashes the body) -#}
    {%- set tie_order = landing.delivery_order[1:] or ['event_id'] -%}
    {{ return(adapter.dispatch('first_delivery_payloads', 'hotrod_an')(events, landing, tie_order)) }}
{%- endmacro %}

{#-
    DuckDB: two hash joins. The topic lets DuckDB skip the other topics'
    payloads (the join passes the range of the topics it needs down to the
    scan); only the tied events pay for an ordering.
-#}
{% macro duckdb__first_delivery_payloads(events, landing, tie_order) -%}
{%- set join_condition -%}
    landed.event_id = staged.event_id
        and landed.received_at = staged.received_at
        and landed.{{ landing.topic }} = staged.{{ landing.topic }}
{%- endset -%}
    select
        staged.*,
        landed.payload
    from {{ events }} as staged
    inner join {{ landing.relation }} as landed
        on {{ join_condition }}
    where staged.first_delivery_is_tied is not true

    union all

    select * from (
        select distinct on (staged.event_id)
            staged.*,
            landed.payload
        from {{ events }} as staged
        inner join {{ landing.relation }} as landed
            on {{ join_condition }}
        where staged.first_delivery_is_tied
        order by staged.event_id, landed.{{ tie_order | join(', landed.') }}
    ) as tied_deliveries
{%- endmacro %}

{#-
    Postgres: one lookup per event through the landing table's index on
    `event_id`, the first in delivery order. `events` is read once: a CTE
    read twice is materialized, and Postgres then misjudged its filtered rows
    and hashed the whole landing table (5 GB at 1M orders).
-#}
{% macro postgres__first_delivery_payloads(events, landing, tie_order) -%}
    select
        staged.*,
        landed.payload
    from {{ events }} as staged
    cross join lateral (
        select first_delivery.payload
        from {{ landing.relation }} as first_delivery
        where first_delivery.event_id = staged.event_id
            and first_delivery.received_at = staged.received_at
            and first_delivery.{{ landing.topic }} = staged.{{ landing.topic }}
        order by first_delivery.{{ tie_order | join(', first_delivery.') }}
        limit 1
    ) as landed
{%- endmacro %}


{#-
    The columns every events model ends with, from `content_ranked`: how the
    event was delivered and whether it counts.
-#}
{% macro webhook_event_outcome_columns() -%}
    delivery_count,
        first_delivery_is_tied,
        rejection_reason,
        rejection_reason is null as is_valid,
        coalesce(content_rank, 1) > 1 as is_content_duplicate
{%- endmacro %}


{#-
    CTE `content_ranked`: the rows of `validated`, each valid, non-deletion
    event with `content_rank`, its rank among the events with the same content
    key (`key_columns`) by `received_at` then `event_id` (null for the other
    rows).
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

)
{%- else %}
batch_content_keys as (

    {#- resource_type follows from the topic; it leads the staged table's
        (resource_type, resource_id) index, which Postgres then seeks -#}
    select distinct
        resource_type,
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
        on staged.resource_type = batch_content_keys.resource_type
        {%- for column in key_columns %}
            and staged.{{ column }} = batch_content_keys.{{ column }}
        {%- endfor %}
    where staged.is_valid
        and not staged.is_deletion
        and not exists (
            select 1 from {{ validated }} as restaged
            where restaged.event_id = staged.event_id
        )

),

{#- materialized: Postgres, misjudging the batch as a few rows, joins it
    by a nested loop that would rank the candidates again for every row -#}
content_ranks as materialized (

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

)
{%- endif %}
{%- endmacro %}
