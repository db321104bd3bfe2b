{#-
    One row per business date from the first install to the as-of date:
    installs and activations that day, and the 7-day activation rate
    (doc block `activation_rate`): of the shops installed in the 7 days ending
    at the date, the share that completed activation within 7 days of install.
-#}
{%- set window_days = 7 -%}  {#- the KPI's 7 days (the seed's `_7d` columns) -#}

with shops as (

    select * from {{ ref('int_shops__activation') }}

),

days as (

    {{ date_spine_days(
        "(select min(install_date) from " ~ ref('int_shops__activation') ~ ")",
        as_of_date()
    ) }}

),

calendar as (

    select cast(date_day as date) as date_day from days

),

daily_installs as (

    select
        install_date,
        count(*) as shops_installed,
        sum(case when is_activated_within_window then 1 else 0 end) as installs_activated_within_window
    from shops
    group by install_date

),

daily_activations as (

    select
        activation_date,
        count(*) as activations
    from shops
    where activation_date is not null
    group by activation_date

),

daily_uninstalls as (

    select
        {{ business_date('uninstalled_at') }} as uninstall_date,
        count(*) as uninstalls
    from shops
    where uninstalled_at is not null
    group by {{ business_date('uninstalled_at') }}

),

combined as (

    select
        calendar.date_day,
        coalesce(daily_installs.shops_installed, 0) as shops_installed,
        coalesce(daily_installs.installs_activated_within_window, 0) as installs_activated_within_window,
        coalesce(daily_activations.activations, 0) as activations,
        coalesce(daily_uninstalls.uninstalls, 0) as uninstalls
    from calendar
    left join daily_installs
        on calendar.date_day = daily_installs.install_date
    left join daily_activations
        on calendar.date_day = daily_activations.activation_date
    left join daily_uninstalls
        on calendar.date_day = daily_uninstalls.uninstall_date

),

windowed as (

    select
        *,
        sum(shops_installed) over (
            order by date_day rows between {{ window_days - 1 }} preceding and current row
        ) as shops_installed_7d,
        sum(installs_activated_within_window) over (
            order by date_day rows between {{ window_days - 1 }} preceding and current row
        ) as shops_activated_7d,
        sum(shops_installed - uninstalls) over (order by date_day rows unbounded preceding) as installed_shops_total
    from combined

),

final as (

    select
        date_day as date,
        cast(shops_installed as integer) as shops_installed,
        cast(activations as integer) as shops_activated_today,
        cast(uninstalls as integer) as shops_uninstalled,
        cast(shops_installed_7d as integer) as shops_installed_7d,
        cast(shops_activated_7d as integer) as shops_activated,
        {{ ratio('shops_activated_7d', 'shops_installed_7d', multiplier=100) }} as activation_rate_pct,
        cast(installed_shops_total as integer) as installed_shops_total
    from windowed

)

select * from final
