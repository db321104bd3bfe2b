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
