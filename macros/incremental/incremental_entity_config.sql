{#-
    An incremental entity model (and the line models that follow one): keyed
    on the entity id, watermark `source_received_at`.
-#}
{% macro incremental_entity_config(unique_key) -%}
    {{ delete_insert_config(unique_key, [{'columns': [unique_key]}, {'columns': ['source_received_at']}]) }}
{%- endmacro %}
