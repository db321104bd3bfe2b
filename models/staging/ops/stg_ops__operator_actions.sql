with source as (

    {{ latest_records(source('raw_ops', 'operator_actions'), 'action_id') }}

),

renamed as (

    select
        action_id,
        queue_item_id,
        operator_id,
        lower(action_type) as action_type,
        occurred_at,
        recorded_at
    from source

)

select * from renamed
