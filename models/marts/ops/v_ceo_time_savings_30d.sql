{#- CEO time savings over the 30 business days ending at the as-of date, against the 2 hours/day goal. -#}
{{ time_savings_summary('30d', trailing_window_start(30), as_of_date(), 30) }}
