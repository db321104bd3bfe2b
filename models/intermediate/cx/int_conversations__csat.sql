{#-
    The contact's latest CSAT rating per conversation (doc block
    `csat_rating`). Chatwoot sends its survey as a `template` message of
    `content_type` `input_csat`; the contact's answer updates that message
    (a `message_updated` webhook) with
    `content_attributes.submitted_values.csat_survey_response.rating`, 1 to 5.
    The rating's time is when that version arrived. A conversation whose
    survey has no rating has no row.
-#}
{{ refresh_restricted_config() }}

with surveys as (

    select * from {{ ref('stg_chatwoot__messages') }}
    where content_type = 'input_csat'
        and csat_rating between 1 and 5
    {{ in_refresh('conversation_id', 'int_refresh__conversations', keyword='and') }}

),

ranked as (

    select
        conversation_id,
        csat_rating,
        source_received_at as csat_rated_at,
        row_number() over (
            partition by conversation_id
            order by source_received_at desc, message_id desc
        ) as rating_rank
    from surveys
    where conversation_id is not null

),

final as (

    select
        conversation_id,
        csat_rating,
        csat_rated_at
    from ranked
    where rating_rank = 1

)

select * from final
