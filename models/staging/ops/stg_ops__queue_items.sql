with source as (

    {{ latest_records(source('raw_ops', 'queue_items'), 'queue_item_id') }}

),

renamed as (

    select
        queue_item_id,
        operator_id,
        lower(item_type) as item_type,
        lower(coalesce(priority, 'medium')) as priority,
        created_at,
        sla_due_at,
        recorded_at
    from source

)

select * from renamed
