{#-
    The freshness of a landing table as its source YAML configures it (dbt's
    `loaded_at_field` and `freshness`, the thresholds `dbt source freshness`
    applies), read from the project's graph so that dq_source_freshness and
    v_data_freshness use the very same numbers (defined once: the vars
    freshness_warn_hours / freshness_error_hours, or the table's override).

    source_freshness(source_name, table_name)
      -> {'loaded_at_field': 'received_at', 'warn_after_hours': 24, 'error_after_hours': 72}

    At parse time (no graph yet) it returns placeholders; a source with no
    loaded_at_field or no warn/error threshold is a compiler error.
-#}
{% macro source_freshness(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return({'loaded_at_field': 'null', 'warn_after_hours': 0, 'error_after_hours': 0}) }}
    {%- endif -%}
    {%- set unique_id = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set node = graph.sources.get(unique_id) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("source_freshness: no source " ~ source_name ~ "." ~ table_name) }}
    {%- endif -%}
    {%- set freshness = node.config.freshness or node.freshness or {} -%}
    {%- set hours_per = {'minute': 1 / 60, 'hour': 1, 'day': 24} -%}
    {%- set result = {'loaded_at_field': node.config.loaded_at_field or node.loaded_at_field} -%}
    {%- for level in ('warn_after', 'error_after') -%}
        {%- set threshold = freshness.get(level) or {} -%}
        {%- if threshold.get('count') is none or threshold.get('period') not in hours_per -%}
            {{ exceptions.raise_compiler_error("source_freshness: " ~ unique_id ~ " has no " ~ level ~ " threshold") }}
        {%- endif -%}
        {%- do result.update({level ~ '_hours': threshold['count'] * hours_per[threshold['period']]}) -%}
    {%- endfor -%}
    {%- if not result['loaded_at_field'] -%}
        {{ exceptions.raise_compiler_error("source_freshness: " ~ unique_id ~ " has no loaded_at_field") }}
    {%- endif -%}
    {{ return(result) }}
{%- endmacro %}
