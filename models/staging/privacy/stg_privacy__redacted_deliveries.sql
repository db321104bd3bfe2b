{#-
    Every landed delivery whose payload a redaction request scrubbed, as
    the on-run-start hook `apply_redactions` records it (a view: nothing is
    copied). `latest_versions` reads it on an incremental run to re-rank the
    ids these deliveries carry.
-#}
with source as (

    select * from {{ source('privacy', 'redacted_deliveries') }}

),

renamed as (

    select
        -- ids
        source_system,
        event_id,
        redaction_event_id,

        -- timestamps
        received_at,
        applied_at
    from source

)

select * from renamed
