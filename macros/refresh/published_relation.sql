{#-
    The relation `identifier` of `schema` (default: the target schema) as
    published, the one the dashboard reads, whatever suffix this invocation
    writes under. A refresh reads the previous publish through it; it is not
    a `ref`, so it adds no edge to the graph.
-#}
{% macro published_relation(identifier, schema=none) -%}
    {{ return(api.Relation.create(database=target.database, schema=schema or target.schema, identifier=identifier)) }}
{%- endmacro %}
