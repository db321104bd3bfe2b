{#-
    Each operator queue item with its SLA clock: the operator's first action
    (any action but `viewed`: looking is not acting) and the resolution,
    compared with the item's SLA due time (doc block `resolution_rate`).
-#}
with queue_items as (

    select * from {{ ref('stg_ops__queue_items') }}

),

actions as (

    select * from {{ ref('stg_ops__operator_actions') }}

),

action_times as (

    select
        queue_item_id,
        min(case when action_type != 'viewed' then occurred_at end) as first_action_at,
        min(case when action_type = 'resolved' then occurred_at end) as resolved_at
    from actions
    group by queue_item_id

),

final as (

    select
        queue_items.queue_item_id,
        queue_items.operator_id,
        queue_items.item_type,
        queue_items.priority,
        queue_items.created_at,
        {{ business_date('queue_items.created_at') }} as created_date,
        queue_items.sla_due_at,
        {{ business_date('queue_items.sla_due_at') }} as due_date,
        action_times.first_action_at,
        action_times.resolved_at,
        {{ ratio(seconds_between('queue_items.created_at', 'action_times.first_action_at'), 60, scale=1) }}
            as first_action_minutes,
        coalesce(action_times.resolved_at <= queue_items.sla_due_at, false) as is_resolved_within_sla
    from queue_items
    left join action_times
        on queue_items.queue_item_id = action_times.queue_item_id

)

select * from final
