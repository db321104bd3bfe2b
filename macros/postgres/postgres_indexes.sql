{#-
    The `indexes` config of an incremental model: `indexes` on PostgreSQL
    (the delete's key, the next run's watermark), none on DuckDB, whose
    scans need none and whose unique index would reject the re-insert of a
    key that delete+insert deleted in the same transaction.
-#}
{% macro postgres_indexes(indexes) -%}
    {{ return(indexes if target.type == 'postgres' else []) }}
{%- endmacro %}
