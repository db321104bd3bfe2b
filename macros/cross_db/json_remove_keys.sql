{#-
    `json_expression` without `keys` in the object at `path` (dotted; '' for
    the document itself). `path` may start with `name[].`: the keys are then
    removed from that object in every element of the array `name` (an element
    without that object is kept as it is). A key that is not there is no
    change. The caller guards with `json_object_at(json_expression, path)`
    (`name[]` for an array path): elsewhere the result is undefined.
    Postgres removes the keys from its jsonb; DuckDB merges a patch that sets
    them to null (JSON merge patch, RFC 7396: a null removes its key).
-#}
{% macro json_remove_keys(json_expression, path, keys) -%}
    {{ return(adapter.dispatch('json_remove_keys', 'hotrod_an')(json_expression, path, keys)) }}
{%- endmacro %}

{% macro default__json_remove_keys(json_expression, path, keys) -%}
    {{ exceptions.raise_compiler_error("json_remove_keys is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_remove_keys(json_expression, path, keys) -%}
    {%- if '[].' in path -%}
        {%- set array, inner = path.split('[].', 1) -%}
    json_merge_patch({{ json_expression }}, json_object('{{ array }}', list_transform(
        cast(json_extract({{ json_expression }}, '$.{{ array }}[*]') as json[]),
        element -> case when {{ duckdb__json_object_at('element', inner) }}
            then json_merge_patch(element, '{{ hotrod_an._null_patch(inner, keys) }}') else element end
    )))
    {%- else -%}
    json_merge_patch({{ json_expression }}, '{{ hotrod_an._null_patch(path, keys) }}')
    {%- endif -%}
{%- endmacro %}

{% macro postgres__json_remove_keys(json_expression, path, keys) -%}
    {%- set key_array = "array['" ~ keys | join("', '") ~ "']" -%}
    {%- if '[].' in path -%}
        {%- set array, inner = path.split('[].', 1) -%}
        {%- set inner_path = "'{" ~ inner.replace('.', ',') ~ "}'" -%}
    jsonb_set({{ json_expression }}, '{{ "{" ~ array ~ "}" }}', (
        select jsonb_agg(
            case when {{ postgres__json_object_at('elements.element', inner) }}
                then jsonb_set(elements.element, {{ inner_path }}, (elements.element #> {{ inner_path }}) - {{ key_array }})
                else elements.element end
            order by elements.position
        )
        from jsonb_array_elements({{ json_expression }} -> '{{ array }}') with ordinality as elements (element, position)
    ))
    {%- elif path == '' -%}
    ({{ json_expression }} - {{ key_array }})
    {%- else -%}
        {%- set pg_path = "'{" ~ path.replace('.', ',') ~ "}'" -%}
    jsonb_set({{ json_expression }}, {{ pg_path }}, ({{ json_expression }} #> {{ pg_path }}) - {{ key_array }})
    {%- endif -%}
{%- endmacro %}
