{#-
    The as-of date and moment of this build, as one row, so that the Python
    models use exactly the date the SQL models were compiled with.
-#}
select
    {{ as_of_date() }} as as_of_date,
    {{ as_of_timestamp() }} as as_of_at,
    '{{ var("shop_timezone") }}' as shop_timezone
