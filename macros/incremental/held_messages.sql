{#-
    stg_chatwoot__messages on an incremental run (nothing on a full build): a
    union member with the rows the model holds for the messages embedded in
    `embedded` (this run's conversation events) that have no message event
    re-ranked in `message_events`. A held row is the best of the message's
    older versions, so ranking it against the new embedded copies gives what
    a full refresh would.
-#}
{% macro held_messages(embedded, message_events) -%}
    {%- if is_incremental() %}
    union all
    select
        message_id,
        conversation_id,
        account_id,
        content,
        content_type,
        csat_rating,
        message_type,
        is_private,
        sender_id,
        sender_type as raw_sender_type,
        created_at,
        case source_shape when 'message_event' then 1 else 2 end as shape_rank,
        source_event_id as event_id,
        source_received_at as received_at
    from {{ this }}
    where message_id in (select message_id from {{ embedded }})
        and message_id not in (select message_id from {{ message_events }} where message_id is not null)
    {%- endif %}
{%- endmacro %}
