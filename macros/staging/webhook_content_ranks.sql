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
