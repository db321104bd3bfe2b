{#-
    True when the current model writes a table on Postgres (a SQL model
    materialized as a table or incrementally): the models the Postgres
    table hooks (`use_lz4_compression`, `analyze_relation`) apply to.
-#}
{% macro writes_postgres_table() -%}
    {{ return(target.type == 'postgres' and model.language == 'sql'
        and model.config.materialized in ('table', 'incremental')) }}
{%- endmacro %}
