{#-
    The rows of `validated` (an events model's classified first deliveries),
    each valid, non-deletion event with `content_rank`: its rank among the
    events with the same content (`key_columns`) by `received_at`, then
    `event_id`; null for the other rows. A rank above 1 repeats content
    received before (a stale retry under a new event id).
    A full build ranks in one window. On an incremental run the events the
    model already holds with the same content take part, so an event that
    repeats content staged yesterday is a duplicate today too.
-#}
{% macro content_ranks(validated, key_columns) -%}
{%- set is_candidate = 'rejection_reason is null and not is_deletion' -%}
{%- if not is_incremental() %}
    select
        *,
        case when {{ is_candidate }} then
            row_number() over (
                partition by {{ is_candidate }}, {{ key_columns | join(', ') }}
                order by received_at, event_id
            )
        end as content_rank
    from {{ validated }}
{%- else %}
    with batch_content_keys as (
        {#- resource_type follows from the topic; it leads the staged table's
            (resource_type, resource_id) index, which Postgres then seeks -#}
        select distinct
            resource_type,
            {{ key_columns | join(', ') }}
        from {{ validated }}
        where {{ is_candidate }}
    ),

    content_candidates as (
        select
            event_id,
            {{ key_columns | join(', ') }},
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

    {#- materialized: Postgres, misjudging the batch as a few rows, would join
        it by a nested loop that ranks the candidates again for every row -#}
    ranks as materialized (
        select
            event_id,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by received_at, event_id
            ) as content_rank
        from content_candidates
    )

    select
        {{ validated }}.*,
        ranks.content_rank
    from {{ validated }}
    left join ranks
        on {{ validated }}.event_id = ranks.event_id
{%- endif %}
{%- endmacro %}
