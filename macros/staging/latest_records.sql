{#-
    The latest version of each record of an append-only raw_ops table
    (`relation`): a correction is a new row with the same `id_column` and a
    later `recorded_at`. Returns a select of the table's columns and
    `record_rank` (1), one row per id.
-#}
{% macro latest_records(relation, id_column) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ id_column }}
                order by recorded_at desc
            ) as record_rank
        from {{ relation }}
    ) as ranked
    where record_rank = 1
{%- endmacro %}
