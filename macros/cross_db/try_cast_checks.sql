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
