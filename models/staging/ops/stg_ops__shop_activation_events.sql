with source as (

    {{ latest_records(source('raw_ops', 'shop_activation_events'), 'event_id') }}

),

renamed as (

    select
        event_id as activation_event_id,
        shop_id,
        lower(event_type) as event_type,
        occurred_at,
        recorded_at
    from source

)

select * from renamed
