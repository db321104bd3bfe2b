{#-
    Cast text to a type, or null when the text is not a valid value of that
    type; never an error, on either engine, and the same result on both
    (tests/python/test_try_cast_properties.py generates adversarial strings
    per type and compares DuckDB with a real PostgreSQL; tests/rules/
    assert_try_cast.sql pins the cases payloads carry). dbt's own
    `safe_cast` is a plain cast on Postgres (PostgreSQL 15 has no try_cast),
    which fails the whole build on one bad payload.

    Both engines cast only text that matches the type's anchored pattern
    (`try_cast_pattern`), the language both read alike, and that passes the
    checks a pattern cannot make (`try_cast_checks`); anything else is null:
      bigint        at most 18 digits (always in range);
      integer       at most 18 digits, then the int4 range;
      numeric(p, s) decimal notation (no exponent: DuckDB rounds `5e-4` to
                    0.01 at scale 2, Postgres to 0.00; amounts are never
                    written so), at most 64 characters, and (Postgres) at most
                    p - s integer digits once rounded to s (DuckDB's try_cast
                    nulls the same overflow);
      double        at most 20 + 20 digits and a two-digit exponent (never
                    out of range: no inf, no error);
      boolean       `true` or `false`, any case;
      timestamptz   ISO 8601: a real calendar day of years 0001-9999, an
                    optional time of 00:00 to 23:59:59 with up to 6
                    fractional digits, and an offset Z or +-HH[:MM] up to
                    14:59 only after a time (none: read as UTC, both engines
                    run in UTC; staging flags such values);
      date          the date part of the above.
-#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'hotrod_an')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ exceptions.raise_compiler_error("try_cast is not implemented for adapter " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    {%- set t = data_type | lower | trim -%}
    {%- set text_value = 'cast(' ~ expression ~ ' as varchar)' -%}
    {%- if t == 'boolean' -%}
        case lower({{ text_value }}) when 'true' then true when 'false' then false end
    {%- else -%}
        case when regexp_matches({{ text_value }}, '{{ try_cast_pattern(t) }}')
            then case when {{ try_cast_checks(text_value, t) }}
                then try_cast({{ text_value }} as {{ data_type }}) end end
    {%- endif -%}
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {%- set t = data_type | lower | trim -%}
    {%- set text_value = 'cast(' ~ expression ~ ' as text)' -%}
    {%- set pg_type = 'double precision' if t == 'double' else data_type -%}
    {%- if t == 'boolean' -%}
        case lower({{ text_value }}) when 'true' then true when 'false' then false end
    {%- elif t == 'bigint' -%}
    {#- Fast path first: Postgres' regex engine pays for every state of the bounded
        `{1,18}` on each call (4 s per 6M ids at 1M orders); a plain id of at most
        18 characters needs only `^-?[0-9]+$`. It accepts a subset of the pattern,
        so the result is the same. -#}
    case when (octet_length({{ text_value }}) <= 18 and {{ text_value }} ~ '^-?[0-9]+$')
        or {{ text_value }} ~ '{{ try_cast_pattern(t) }}' then cast({{ text_value }} as bigint) end
    {%- else -%}
    case when {{ text_value }} ~ '{{ try_cast_pattern(t) }}'
        then case when {{ try_cast_checks(text_value, t) }}
            then cast({{ text_value }} as {{ pg_type }}) end end
    {%- endif -%}
{%- endmacro %}
