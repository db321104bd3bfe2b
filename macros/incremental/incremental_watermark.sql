{#-
    The newest `column` an incremental model holds: the next run processes
    rows at or after it (a row at the watermark is processed again, which
    delete+insert makes harmless). 1900-01-01 while the model is empty.

    When the model runs, the value is read first and written into the SQL
    as a constant: a planner then sees how few rows `column >= <constant>`
    selects (Postgres picks the index on the landing table's `received_at`
    instead of scanning it, DuckDB skips the row groups before it), where a
    subquery's value is unknown when the plan is made. A unit test reads it
    from its `this` fixture, in the SQL.
-#}
{% macro incremental_watermark(column='source_received_at') -%}
    {%- set newest_sql -%}
        select coalesce(max({{ column }}), {{ dbt.cast("'1900-01-01'", api.Column.translate_type('timestamp')) }})
        from {{ this }}
    {%- endset -%}
    {%- if execute and model.resource_type == 'model' -%}
        {%- set newest = run_query('select cast((' ~ newest_sql ~ ') as ' ~ dbt.type_string() ~ ')').columns[0].values()[0] -%}
    cast('{{ newest }}' as timestamp with time zone)
    {%- else -%}
    ({{ newest_sql }})
    {%- endif -%}
{%- endmacro %}
