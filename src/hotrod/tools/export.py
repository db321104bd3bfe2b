"""Write the export views of the serving layer to CSV and Parquet files.

The three export views (`v_export_daily_performance`,
`v_export_customer_segments`, `v_export_product_performance`) are read from
the database a dbt target points at and written as ``<out>/<view>.csv`` and
``<out>/<view>.parquet``. Money keeps its decimal type in Parquet.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

EXPORT_VIEWS = ("v_export_daily_performance", "v_export_customer_segments", "v_export_product_performance")
FORMATS = ("csv", "parquet")


class ExportError(Exception):
    """A user-facing export problem (missing view, unreadable target)."""


def _serving_schema(target) -> str:
    return target.credentials.schema


def read_view(target, conn, view: str) -> pa.Table:
    relation = f"{_serving_schema(target)}.{view}"
    if target.type == "duckdb":
        import duckdb

        try:
            return conn.execute(f"select * from {relation}").fetch_arrow_table()
        except duckdb.CatalogException as exc:
            raise ExportError(f"{relation} does not exist on {target.describe()}: run dbt build first") from exc
    import psycopg2

    cur = conn.cursor()
    try:
        cur.execute(f"select * from {relation}")
    except psycopg2.errors.UndefinedTable as exc:
        raise ExportError(f"{relation} does not exist on {target.describe()}: run dbt build first") from exc
    names = [d.name for d in cur.description]
    rows = cur.fetchall()
    columns = list(zip(*rows)) if rows else [[] for _ in names]
    arrays = []
    for values in columns:
        sample = next((v for v in values if v is not None), None)
        if isinstance(sample, Decimal):
            scale = max((-v.as_tuple().exponent for v in values if v is not None), default=2)
            arrays.append(pa.array(values, type=pa.decimal128(38, max(scale, 0))))
        else:
            arrays.append(pa.array(values))
    return pa.table(dict(zip(names, arrays)))


def export(target, out_dir: Path, views=EXPORT_VIEWS, formats=FORMATS) -> list[tuple[Path, int]]:
    """Write each view in each format; return the files written with their row counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if target.type == "duckdb":
        import duckdb

        if not Path(target.duckdb_path).exists():
            raise ExportError(f"{target.duckdb_path} does not exist: build the project first (scripts/dev)")
        try:
            conn = duckdb.connect(target.duckdb_path, read_only=True)
        except duckdb.IOException as exc:
            raise ExportError(f"cannot open {target.duckdb_path}: {exc}") from exc
    else:
        conn = target.connect()
    try:
        for view in views:
            table = read_view(target, conn, view)
            if "csv" in formats:
                path = out_dir / f"{view}.csv"
                pacsv.write_csv(table, path)
                written.append((path, table.num_rows))
            if "parquet" in formats:
                path = out_dir / f"{view}.parquet"
                pq.write_table(table, path)
                written.append((path, table.num_rows))
    finally:
        conn.close()
    return written
