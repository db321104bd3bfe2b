{#- One row per shop: its first install, its first activation after that, and whether that came within the activation window. -#}
with events as (

    select * from {{ ref('stg_ops__shop_activation_events') }}

),

installs as (

    select
        shop_id,
        min(occurred_at) as installed_at
    from events
    where event_type = 'installed'
    group by shop_id

),

activations as (

    select
        events.shop_id,
        min(events.occurred_at) as activated_at
    from events
    inner join installs
        on events.shop_id = installs.shop_id
            and events.occurred_at >= installs.installed_at
    where events.event_type = 'activated'
    group by events.shop_id

),

uninstalls as (

    select
        shop_id,
        max(occurred_at) as uninstalled_at
    from events
    where event_type = 'uninstalled'
    group by shop_id

),

final as (

    select
        installs.shop_id,
        installs.installed_at,
        {{ business_date('installs.installed_at') }} as install_date,
        activations.activated_at,
        {{ business_date('activations.activated_at') }} as activation_date,
        uninstalls.uninstalled_at,
        coalesce(
            {{ seconds_between('installs.installed_at', 'activations.activated_at') }}
            <= 7 * 86400,  -- the KPI's 7 days (the seed's `_7d` view)
            false
        ) as is_activated_within_window
    from installs
    left join activations
        on installs.shop_id = activations.shop_id
    left join uninstalls
        on installs.shop_id = uninstalls.shop_id

)

select * from final
