{#-
    The watermark `name` of the published serving layer (`serving_watermarks`)
    as a timestamptz literal, read when the model runs and written into its
    SQL as a constant, so that the planner sees how few rows it selects (as
    `incremental_watermark` does).
-#}
{% macro published_watermark(name) -%}
    {%- set relation = hotrod_an.published_relation('serving_watermarks', 'quality') -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema,
            identifier=relation.identifier) -%}
        {%- if found is none -%}
            {{ exceptions.raise_compiler_error(
                "no published " ~ relation ~ ": a refresh updates a published serving layer; "
                ~ "run the daily build (scripts/build_prod) once first"
            ) }}
        {%- endif -%}
        {%- set value = run_query(
            "select cast(watermark_at as " ~ dbt.type_string() ~ ") from " ~ relation
            ~ " where watermark_name = '" ~ name ~ "'"
        ).columns[0].values() -%}
        {%- if value | length == 0 or value[0] is none -%}
    cast('1900-01-01 00:00:00+00' as timestamp with time zone)
        {%- else -%}
    cast('{{ value[0] }}' as timestamp with time zone)
        {%- endif -%}
    {%- else -%}
    cast(null as timestamp with time zone)
    {%- endif -%}
{%- endmacro %}
