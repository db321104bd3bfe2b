{#- Tile 5, shop activation: the 7-day activation rate for each of the 30 business dates ending at the as-of date. -#}
with activation as (

    select * from {{ ref('shop_activation_metrics') }}
    where {{ in_trailing_window('date', 30) }}
        and date <= {{ as_of_date() }}

)

select
    date,
    shops_activated,
    activation_rate_pct,
    shops_installed_7d,
    shops_installed,
    installed_shops_total
from activation
