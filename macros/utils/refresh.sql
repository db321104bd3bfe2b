{#-
    The tile refresh (docs/production.md, "The frequent refresh"): between
    daily builds, a refresh recomputes the rows of the tile tables whose
    inputs changed since the published serving layer's watermarks
    (`serving_watermarks`), and publishes them by key, with the new
    watermarks, in one transaction (`build_phases.publish_refresh`).

    A refresh is a dbt invocation with HOTROD_REFRESH=1 (set by
    `build_phases.refresh_plan`): the key sets of `models/refresh/` are
    enabled, the models they restrict read only their keys, and the
    refreshed serving tables are written under the suffix `__refresh`.
    Every other invocation renders none of it.
-#}

{#- True in a refresh invocation. -#}
{% macro is_refresh() -%}
    {{ return(env_var('HOTROD_REFRESH', '') | lower not in ('', '0', 'false', 'no')) }}
{%- endmacro %}


{#-
    The configuration of a model that a refresh recomputes for its keys only:
    a table on every other run; on a refresh, inlined (ephemeral) into the
    refreshed serving table that reads it, so the table the daily build
    wrote keeps every row.
-#}
{% macro refresh_restricted_config() -%}
    {{ config(materialized='ephemeral' if hotrod_an.is_refresh() else 'table') }}
{%- endmacro %}


{#-
    On a refresh, `<keyword> <column> in (select <key_column> from <key set>)`:
    the filter that keeps a model to the keys the refresh recomputes
    (a model of `models/refresh/`). Nothing on any other run.
-#}
{% macro in_refresh(column, key_set, key_column=none, keyword='where') -%}
    {%- if hotrod_an.is_refresh() -%}
    {{ keyword }} {{ column }} in (select {{ key_column or column }} from {{ ref(key_set) }})
    {%- endif -%}
{%- endmacro %}


{#-
    The relation `identifier` of `schema` (default: the target schema) as
    published, the one the dashboard reads, whatever suffix this invocation
    writes under. A refresh reads the previous publish through it; it is not
    a `ref`, so it adds no edge to the graph.
-#}
{% macro published_relation(identifier, schema=none) -%}
    {{ return(api.Relation.create(database=target.database, schema=schema or target.schema, identifier=identifier)) }}
{%- endmacro %}


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


{#- The configuration of a key set (models/intermediate/refresh/): built by refresh invocations only. -#}
{% macro refresh_key_set_config() -%}
    {{ config(enabled=hotrod_an.is_refresh(), tags=['refresh']) }}
{%- endmacro %}
