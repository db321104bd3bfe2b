{#-
    Cast text to a type, or null when the text is not a valid value of that
    type. dbt's own `safe_cast` is a plain cast on Postgres (PostgreSQL 15 has
    no try_cast), which would fail the whole build on one bad payload; here
    Postgres validates the text with a pattern first, and integers take the
    same pattern on both adapters (tests/rules/assert_try_cast.sql). Supported types:
    bigint, integer, numeric(p, s) / decimal(p, s), double, boolean,
    timestamptz (ISO 8601 with an offset), date.
-#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'hotrod_an')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ exceptions.raise_compiler_error("try_cast is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    {%- set t = data_type | lower | trim -%}
    {%- if t == 'double' -%}
        try_cast({{ expression }} as double)
    {%- elif t == 'boolean' -%}
        case lower(cast({{ expression }} as varchar)) when 'true' then true when 'false' then false end
    {%- elif t in ('bigint', 'integer', 'int') -%}
        {#- DuckDB's own cast also takes '12.5' and '1e3'; Postgres' pattern does not -#}
        case when regexp_matches(cast({{ expression }} as varchar), '{{ try_cast_pattern(t) }}')
            then try_cast({{ expression }} as {{ data_type }}) end
    {%- else -%}
        try_cast({{ expression }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {%- set t = data_type | lower | trim -%}
    {%- if t == 'boolean' -%}
        {{ return("case lower(cast(" ~ expression ~ " as text)) when 'true' then true when 'false' then false end") }}
    {%- endif -%}
    {%- set pattern = try_cast_pattern(t) -%}
    {%- set pg_type = 'double precision' if t == 'double' else data_type -%}
    {%- set text_value = 'cast(' ~ expression ~ ' as text)' -%}
    {%- if t in ('bigint', 'integer', 'int') -%}
    {#- Fast path first: Postgres' regex engine pays for every state of the bounded
        `{1,18}` on each call (4 s per 6M ids at 1M orders); a plain id of at most
        18 characters needs only `^-?[0-9]+$`. It accepts a subset of the pattern,
        so the result is the same. -#}
    case when (octet_length({{ text_value }}) <= 18 and {{ text_value }} ~ '^-?[0-9]+$')
        or {{ text_value }} ~ '{{ pattern }}' then cast({{ text_value }} as {{ pg_type }}) end
    {%- else -%}
    case when {{ text_value }} ~ '{{ pattern }}' then cast({{ text_value }} as {{ pg_type }}) end
    {%- endif -%}
{%- endmacro %}

{#- The anchored pattern a text must match to be cast to type `t` (lower case). -#}
{% macro try_cast_pattern(t) -%}
    {%- if t in ('bigint', 'integer', 'int') -%}
        {{ return('^\s*-?[0-9]{1,18}\s*$') }}
    {%- elif t.startswith('numeric') or t.startswith('decimal') or t == 'double' -%}
        {{ return('^\s*-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$') }}
    {%- elif t == 'timestamptz' -%}
        {{ return('^\s*[0-9]{4}-[0-1][0-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?)?\s*(Z|z|[-+][0-9]{2}(:?[0-9]{2})?|UTC)?\s*$') }}
    {%- elif t == 'date' -%}
        {{ return('^\s*[0-9]{4}-[0-1][0-9]-[0-3][0-9]\s*$') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("try_cast: unsupported type " ~ t) }}
    {%- endif -%}
{%- endmacro %}
