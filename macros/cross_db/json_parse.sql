{#-
    Parse a JSON document once so that many fields can be read from it.

    `paths` lists every field the model will read with `json_get`, as dotted
    paths (`id`, `customer.id`, `total_shipping_price_set.shop_money.amount`);
    a path ending in `:json` keeps that field as a JSON value (arrays, objects).

    DuckDB: `from_json` into a struct of text fields, one parse per row (reading
    fields one by one with `->>` would re-parse the document for every field).
    Postgres: jsonb is already parsed; the document is detoasted once
    (`#> '{}'`, the whole document, as an in-memory value), so the field reads
    do not each decompress a stored payload again.
    Use it in one CTE that ends with `{{ evaluate_once() }}`
    (`select ..., {{ json_parse('payload', paths) }} as parsed from ... {{ evaluate_once() }}`)
    and read fields in the next with `json_get('parsed', path)`.
-#}
{% macro json_parse(json_column, paths) -%}
    {{ return(adapter.dispatch('json_parse', 'hotrod_an')(json_column, paths)) }}
{%- endmacro %}

{% macro default__json_parse(json_column, paths) -%}
    {{ exceptions.raise_compiler_error("json_parse is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro postgres__json_parse(json_column, paths) -%}
    ({{ json_column }} #> '{}')
{%- endmacro %}

{% macro duckdb__json_parse(json_column, paths) -%}
    {%- set tree = {} -%}
    {%- for raw_path in paths -%}
        {%- set is_json = raw_path.endswith(':json') -%}
        {%- set parts = raw_path.replace(':json', '').split('.') -%}
        {%- set node = namespace(d=tree) -%}
        {%- for part in parts[:-1] -%}
            {%- if part not in node.d or node.d[part] is string -%}
                {%- do node.d.update({part: {}}) -%}
            {%- endif -%}
            {%- set node.d = node.d[part] -%}
        {%- endfor -%}
        {%- if parts[-1] not in node.d -%}
            {%- do node.d.update({parts[-1]: 'JSON' if is_json else 'VARCHAR'}) -%}
        {%- endif -%}
    {%- endfor -%}
    from_json({{ json_column }}, '{{ tojson(tree) }}')
{%- endmacro %}
