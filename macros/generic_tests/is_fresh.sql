{#-
    Freshness of a landing table as a data test: fails (one row) when the
    newest `column_name` is older than `max_age_hours` before the as-of moment
    (see `as_of_timestamp`), or when the table is empty.
-#}
{% test is_fresh(model, column_name, max_age_hours) %}
with newest as (
    select max({{ column_name }}) as newest_at
    from {{ model }}
)

select
    newest_at,
    {{ hotrod_an.as_of_timestamp() }} as as_of_at
from newest
where newest_at is null
    or {{ hotrod_an.seconds_between('newest_at', hotrod_an.as_of_timestamp()) }} > {{ max_age_hours }} * 3600
{% endtest %}
