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

{#- The anchored pattern a text must match to be cast to type `t` (lower case). -#}
{% macro try_cast_pattern(t) -%}
    {%- set day = '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' -%}
    {%- if t in ('bigint', 'integer', 'int') -%}
        {{ return('^ *-?[0-9]{1,18} *$') }}
    {%- elif t.startswith('numeric(') or t.startswith('decimal(') -%}
        {{ return('^ *-?([0-9]+(\.[0-9]*)?|\.[0-9]+) *$') }}
    {%- elif t == 'double' -%}
        {{ return('^ *-?([0-9]{1,20}(\.[0-9]{0,20})?|\.[0-9]{1,20})([eE][-+]?[0-9]{1,2})? *$') }}
    {%- elif t == 'timestamptz' -%}
        {{ return('^' ~ day ~ '([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?'
            ~ '(Z|[-+](0[0-9]|1[0-4])(:?[0-5][0-9])?)?)?$') }}
    {%- elif t == 'date' -%}
        {{ return('^' ~ day ~ '$') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("try_cast: unsupported type " ~ t ~ " (numeric needs its precision and scale)") }}
    {%- endif -%}
{%- endmacro %}

{#- What a pattern cannot check, as SQL both engines evaluate alike, on a text that matched it. -#}
{% macro try_cast_checks(text_value, t) -%}
    {%- if t in ('integer', 'int') -%}
        cast({{ text_value }} as bigint) between -2147483648 and 2147483647
    {%- elif t.startswith('numeric(') or t.startswith('decimal(') -%}
        {%- set parts = t.split('(', 1)[1].rstrip(')').split(',') -%}
        {%- set precision, scale = parts[0] | trim | int, (parts[1] | trim | int if parts | length > 1 else 0) -%}
        {%- if target.type == 'postgres' -%}
        case when length({{ text_value }}) <= 64
            then abs(cast({{ text_value }} as numeric)) < {{ '1e' ~ (precision - scale) }} - {{ '5e-' ~ (scale + 1) }}
            else false end
        {%- else -%}
        length({{ text_value }}) <= 64
        {%- endif -%}
    {%- elif t in ('timestamptz', 'date') -%}
        {#- the year 0000 does not exist for Postgres; days 29-31 must exist in their month -#}
        substr({{ text_value }}, 1, 4) != '0000'
        and (substr({{ text_value }}, 9, 2) <= '28'
            or cast(substr({{ text_value }}, 9, 2) as integer) <= case cast(substr({{ text_value }}, 6, 2) as integer)
                when 2 then case
                    when mod(cast(substr({{ text_value }}, 1, 4) as integer), 400) = 0 then 29
                    when mod(cast(substr({{ text_value }}, 1, 4) as integer), 100) = 0 then 28
                    when mod(cast(substr({{ text_value }}, 1, 4) as integer), 4) = 0 then 29
                    else 28
                end
                when 4 then 30 when 6 then 30 when 9 then 30 when 11 then 30
                else 31
            end)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
