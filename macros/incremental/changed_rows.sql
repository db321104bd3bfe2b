{#-
    The rows of CTE `batch_cte` that differ from the rows this model holds for
    the same `key` (all columns but `loaded_at` compared, nulls equal): a run
    that recomputes a customer's every order rewrites, and stamps, only the
    orders whose row changed, so the models downstream recompute little.
    Renders `select * from batch_cte` on a full build.
-#}
{% macro changed_rows(batch_cte, key) -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name')
            | reject('equalto', 'loaded_at') | list -%}
    select {{ columns | join(', ') }} from {{ batch_cte }}
    except
    select {{ columns | join(', ') }} from {{ this }}
    where {{ key }} in (select {{ key }} from {{ batch_cte }})
    {%- else -%}
    select * from {{ batch_cte }}
    {%- endif -%}
{%- endmacro %}
