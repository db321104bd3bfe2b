{#-
    How a dbt Python model appears on dbt-postgres, which has no Python
    runtime (DESIGN.md section 4). The model's table is written into Postgres
    by the Python phase (`scripts/build_prod` phase 2: the `prod_python`
    target, dbt-duckdb attached to the same database). On a Postgres target
    this materialization runs no code: it checks that the Python phase's
    table is there, registers it for the models and tests downstream, and
    fails with a clear message when it is missing.
-#}
{% materialization python_phase_output, adapter='postgres', supported_languages=['python', 'sql'] %}
    {%- set existing = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {%- if existing is none -%}
        {{ exceptions.raise_compiler_error(
            "Python model " ~ this.identifier ~ " has no table " ~ this ~ " yet. dbt-postgres cannot run Python: "
            ~ "build it with the Python phase first, e.g. `scripts/build_prod` (or, for the pg target, "
            ~ "`scripts/build_prod --target pg`)."
        ) }}
    {%- endif -%}
    {{ log("Python model " ~ this.identifier ~ ": using the table the Python phase wrote (" ~ this ~ ")", info=true) }}
    {% call statement('main') -%}
        select count(*) from {{ existing }}
    {%- endcall %}
    {{ return({'relations': [existing]}) }}
{% endmaterialization %}
