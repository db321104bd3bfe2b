{#-
    Division used by every KPI ratio, identical on DuckDB and Postgres.

    ratio(numerator, denominator, scale=2, multiplier=1)
      = round(multiplier * numerator / denominator, scale) as numeric(18, scale),
        null when the denominator is 0 or null (KPI convention: never 0, never
        an error).

    Both engines divide in IEEE double and round half up with floor(x + 0.5):
    DuckDB divides decimals in double anyway, and rounding the same double the
    same way gives the same digits on both adapters (Postgres' numeric
    division would round some half-way cases differently). A half-way value
    reached through different arithmetic (a percentile interpolated by each
    engine) can land one ulp either side of .5, so half-way is decided with a
    tolerance of 1e-6 of the last kept digit.
-#}
{% macro ratio(numerator, denominator, scale=2, multiplier=1) -%}
    {%- set factor = 10 ** scale -%}
    case
        when ({{ denominator }}) is null or ({{ denominator }}) = 0 then null
        else cast(
            floor(
                cast({{ multiplier }} as double precision) * cast({{ numerator }} as double precision)
                / cast({{ denominator }} as double precision) * {{ factor }} + 0.500001
            ) / {{ factor }} as numeric(18, {{ scale }})
        )
    end
{%- endmacro %}
