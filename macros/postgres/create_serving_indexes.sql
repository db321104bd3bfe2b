{#-
    Indexes of the serving tables on Postgres (the seed's list): each model
    declares its own under `config: meta: serving_indexes:` as a list of
    {columns: "<index expression list>", using: btree|gin (default btree),
    where: "<partial index predicate>"}. Applied as a post-hook; a no-op on
    DuckDB, whose columnar scans need none of them, and on a refresh, whose
    rows go into the published table and its indexes (docs/production.md).
-#}
{% macro create_serving_indexes() -%}
    {%- if target.type == 'postgres' and not is_refresh() -%}
        {%- set specs = (config.get('meta') or {}).get('serving_indexes', []) -%}
        {%- for spec in specs -%}
            {%- set name_source = this.identifier ~ '_' ~ spec['columns'] ~ '_' ~ (spec.get('where') or '') -%}
            {%- set index_name = (this.identifier ~ '_' ~ local_md5(name_source)[:10]) -%}
            {#- A rebuild renames the old table to a backup that keeps its indexes (and their
                names) until the end of the transaction: drop the old index so the new table gets it. #}
            drop index if exists {{ this.schema }}."{{ index_name }}";
            create index "{{ index_name }}"
                on {{ this }} using {{ spec.get('using', 'btree') }} ({{ spec['columns'] }})
                {%- if spec.get('where') %} where {{ spec['where'] }}{% endif %};
        {% endfor -%}
    {%- endif -%}
{%- endmacro %}
