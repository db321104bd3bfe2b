{#-
    The semantic layer's time spine (MetricFlow): one row per business date
    from the shop's first day (var `shop_first_day`) to the as-of date, the
    same calendar the daily serving tables use. MetricFlow joins it for the
    cumulative metrics (trailing 7 days) and the week-over-week offsets.
-#}
with days as (

    {{ date_spine_days("cast('" ~ var('shop_first_day') ~ "' as date)", as_of_date()) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
