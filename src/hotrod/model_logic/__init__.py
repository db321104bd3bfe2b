"""The logic behind the dbt Python models, as plain functions that pytest tests directly.

Each ``models/**/*.py`` model imports one module from here (dbt-duckdb's ``module_paths``)
and stays thin glue.
"""
