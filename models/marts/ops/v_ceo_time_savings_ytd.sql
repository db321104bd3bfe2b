{#- CEO time savings from January 1st to the as-of date, against the 2 hours/day goal. -#}
{%- set days_ytd = (as_of_date_value() - as_of_date_value().replace(month=1, day=1)).days + 1 -%}
{{ time_savings_summary('ytd', as_of_date_year_start(), as_of_date(), days_ytd) }}
