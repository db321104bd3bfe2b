{#-
    on-run-end: write the outcome of every data test this invocation ran into
    the table of the model `dq_test_results`, replacing the rows of the same
    tests, so that v_data_quality_checks shows each test with its status
    (doc block `data_quality_checks`):
      status    `pass`; `fail` when the test found rows (dbt's `fail`, and
                `warn` for a test of severity warn) or could not run (`error`);
                `skipped` when dbt skipped it (an upstream model failed);
      severity  the test's: `error` blocks publication (scripts/build_prod
                audits before it publishes) and fails `dbt build`; `warn`
                publishes and only shows here.
    A no-op for an invocation that ran no test, or before the table exists.
-#}
{% macro record_test_results(results) -%}
    {%- if execute -%}
        {%- set tests = [] -%}
        {%- for result in results if result.node.resource_type == 'test' -%}
            {%- do tests.append(result) -%}
        {%- endfor -%}
        {%- set table_node = graph.nodes.values() | selectattr('name', 'equalto', 'dq_test_results') | first -%}
        {%- set relation = adapter.get_relation(database=table_node.database, schema=table_node.schema,
            identifier=table_node.alias) if tests else none -%}
        {%- if relation is not none -%}
            {%- set rows = [] -%}
            {%- for result in tests -%}
                {%- set node = result.node -%}
                {%- set status = {'pass': 'pass', 'skipped': 'skipped'}.get(result.status | string, 'fail') -%}
                {%- set tested = node.attached_node or (node.depends_on.nodes | first) or '' -%}
                {%- set metadata = node.test_metadata -%}
                {%- if node.description -%}
                    {%- set description = node.description -%}
                {%- elif metadata -%}
                    {%- set description = 'dbt test ' ~ metadata.name ~ (' on ' ~ node.column_name if node.column_name else '') -%}
                {%- else -%}
                    {%- set description = 'dbt test ' ~ node.name -%}
                {%- endif -%}
                {%- do rows.append("(" ~ ["'" ~ node.name ~ "'", "'" ~ (tested.split('.') | last) ~ "'",
                    "'" ~ (description | replace("'", "''")) ~ "'", "'" ~ node.config.severity | lower ~ "'",
                    (result.failures if result.failures is not none else 'null'), "'" ~ status ~ "'",
                    as_of_now()] | join(', ') ~ ")") -%}
            {%- endfor -%}
            {%- set names = tests | map(attribute='node.name') | list -%}
            {%- do run_query("delete from " ~ relation ~ " where check_name in ('" ~ names | join("', '") ~ "')") -%}
            {%- for batch in rows | batch(500) -%}
                {%- do run_query("insert into " ~ relation ~ " values " ~ batch | join(', ')) -%}
            {%- endfor -%}
            {{ log("recorded " ~ rows | length ~ " test results in " ~ relation, info=true) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
