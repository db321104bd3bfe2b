{#-
    A stamped incremental model: keyed on an id, or on a business date whose
    every row is recomputed; watermark `loaded_at`.
-#}
{% macro incremental_stamped_config(unique_key, recompute_from=none) -%}
    {#- delete+insert replaces the keys the new rows carry; a business date
        that has no rows left after its recompute (its only order cancelled)
        would keep its old rows, so a date-keyed model first deletes every
        date it recomputes (`recompute_from`: the upstream model and date column) -#}
    {%- set pre_hook = [] -%}
    {%- if recompute_from is not none -%}
        {%- do pre_hook.append(
            "{{ hotrod_an.delete_recomputed_keys('" ~ recompute_from[0] ~ "', '" ~ recompute_from[1] ~ "', '"
            ~ unique_key ~ "') }}"
        ) -%}
    {%- endif -%}
    {{ delete_insert_config(unique_key, [{'columns': [unique_key]}, {'columns': ['loaded_at']}], pre_hook) }}
{%- endmacro %}
