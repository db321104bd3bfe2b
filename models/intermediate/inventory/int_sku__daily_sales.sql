{#-
    Units and line revenue sold per SKU and business date, counted orders
    only, gift cards left out (as from total_revenue): the rows of
    int_sku__daily_lines with a sale.
-#}
select
    sku,
    sale_date,
    product_id,
    title,
    units,
    revenue,
    orders
from {{ ref('int_sku__daily_lines') }}
where orders > 0
