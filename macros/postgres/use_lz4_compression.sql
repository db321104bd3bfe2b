{#-
    Postgres: compress the large values (payloads, line-item documents) of
    the table a model writes with lz4 instead of the default pglz, where the
    server has lz4 (Debian's and Supabase's builds do). Staging reads those
    values back several times in a build; lz4 compresses and decompresses
    them faster. Set for the model's transaction only. A no-op on DuckDB,
    for views, and on a server built without lz4.
-#}
{% macro use_lz4_compression() -%}
    {%- if writes_postgres_table() -%}
    select set_config('default_toast_compression', 'lz4', true)
    from pg_settings
    where name = 'default_toast_compression' and 'lz4' = any(enumvals)
    {%- endif -%}
{%- endmacro %}
