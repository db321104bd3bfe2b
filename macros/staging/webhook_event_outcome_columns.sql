{#-
    The columns every events model ends with, from `content_ranked`: how the
    event was delivered and whether it counts.
-#}
{% macro webhook_event_outcome_columns() -%}
    delivery_count,
        first_delivery_is_tied,
        rejection_reason,
        rejection_reason is null as is_valid,
        coalesce(content_rank, 1) > 1 as is_content_duplicate
{%- endmacro %}
