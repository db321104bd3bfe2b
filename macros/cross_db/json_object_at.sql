{#-
    True when `json_expression` holds an object at `path` (dotted; '' for the
    document itself; `messages[]` for a non-empty array `messages`, whose
    elements `json_remove_keys` then visits). The guard of `json_remove_keys`:
    a document of another shape is left as it is, never an error.
-#}
{% macro json_object_at(json_expression, path) -%}
    {{ return(adapter.dispatch('json_object_at', 'hotrod_an')(json_expression, path)) }}
{%- endmacro %}

{% macro default__json_object_at(json_expression, path) -%}
    {{ exceptions.raise_compiler_error("json_object_at is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__json_object_at(json_expression, path) -%}
    {%- if path.endswith('[]') -%}
    coalesce(json_type({{ json_expression }}, '$.{{ path[:-2] }}') = 'ARRAY'
        and json_array_length({{ json_expression }}, '$.{{ path[:-2] }}') > 0, false)
    {%- elif path == '' -%}
    coalesce(json_type({{ json_expression }}) = 'OBJECT', false)
    {%- else -%}
    coalesce(json_type({{ json_expression }}, '$.{{ path }}') = 'OBJECT', false)
    {%- endif -%}
{%- endmacro %}

{% macro postgres__json_object_at(json_expression, path) -%}
    {%- if path.endswith('[]') -%}
    coalesce(jsonb_typeof({{ json_expression }} #> '{{ "{" ~ path[:-2].replace(".", ",") ~ "}" }}') = 'array'
        and jsonb_array_length({{ json_expression }} #> '{{ "{" ~ path[:-2].replace(".", ",") ~ "}" }}') > 0, false)
    {%- else -%}
    coalesce(jsonb_typeof({{ json_expression }} #> '{{ "{" ~ path.replace(".", ",") ~ "}" }}') = 'object', false)
    {%- endif -%}
{%- endmacro %}
