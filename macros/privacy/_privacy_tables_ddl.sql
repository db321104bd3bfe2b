{% macro _privacy_tables_ddl(log_table, applied_table) -%}
    create schema if not exists {{ log_table.schema }};
    create table if not exists {{ log_table }} (
        source_system varchar not null,
        event_id varchar not null,
        received_at timestamptz not null,
        redaction_event_id varchar not null,
        applied_at timestamptz not null
    );
    create table if not exists {{ applied_table }} (
        event_id varchar not null,
        received_at timestamptz not null,
        topic varchar not null,
        customer_id bigint,
        applied_at timestamptz not null
    )
{%- endmacro %}
