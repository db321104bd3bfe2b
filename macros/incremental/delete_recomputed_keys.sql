{#- The pre-hook of a date-keyed stamped model (see incremental_stamped_config). -#}
{% macro delete_recomputed_keys(upstream_model, column, unique_key) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ unique_key }} in (
        {{ stamped_since_last_run(ref(upstream_model), column) }}
    )
    {%- endif -%}
{%- endmacro %}
