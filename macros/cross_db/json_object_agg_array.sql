{#-
    Aggregate rows into a JSON array of objects, in a given order.
    `fields` is a list of column names (each becomes a key of the same name).
    An empty group gives null; wrap with `json_empty_array()` to default it.
-#}
{% macro json_object_agg_array(fields, order_by) -%}
    {{ return(adapter.dispatch('json_object_agg_array', 'hotrod_an')(fields, order_by)) }}
{%- endmacro %}

{% macro default__json_object_agg_array(fields, order_by) -%}
    {{ exceptions.raise_compiler_error("json_object_agg_array is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_object_agg_array(fields, order_by) -%}
    to_json(list(struct_pack({% for f in fields %}{{ f }} := {{ f }}{% if not loop.last %}, {% endif %}{% endfor %}) order by {{ order_by }}))
{%- endmacro %}

{% macro postgres__json_object_agg_array(fields, order_by) -%}
    jsonb_agg(jsonb_build_object({% for f in fields %}'{{ f }}', {{ f }}{% if not loop.last %}, {% endif %}{% endfor %}) order by {{ order_by }})
{%- endmacro %}
