"""Tools for people working on the project: the synthetic data generator, the benchmark,
the local PostgreSQL server and the export script."""
