{#-
    The latest version of each record of an append-only raw_ops table: a
    correction is a new row with the same id and a later `recorded_at`.
    Returns a select of the table's columns, one row per `id_column`.
-#}
{% macro latest_records(source_name, table_name, id_column) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ id_column }}
                order by recorded_at desc
            ) as record_rank
        from {{ source(source_name, table_name) }}
    ) as ranked
    where record_rank = 1
{%- endmacro %}
