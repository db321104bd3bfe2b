"""The raw landing tables: one definition, created idempotently on DuckDB and Postgres.

This module is the only place the landing tables are defined. The loader
(``scripts/load_webhooks.py``) and the generator (``scripts/generate_data.py``)
both call :func:`ensure_landing_tables` before they append, and append through
:func:`append_arrow`, which writes a whole batch in one transaction; the loader
and the webhook receiver's spool drain append webhook deliveries through
:func:`append_new_deliveries`, which keeps a webhook landing table at one row
per (event_id, received_at).
The dbt sources in ``models/staging/*/_*__sources.yml`` document the same
columns; ``tests/python/test_landing.py`` keeps the two in step.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyarrow as pa

# Logical column types, rendered per dialect below.
_TYPES = {
    "duckdb": {
        "text": "varchar",
        "timestamptz": "timestamptz",
        "json": "json",
        "bigint": "bigint",
        "integer": "integer",
        "boolean": "boolean",
        "date": "date",
        "numeric": "decimal(12, 2)",
    },
    "postgres": {
        "text": "text",
        "timestamptz": "timestamptz",
        "json": "jsonb",
        "bigint": "bigint",
        "integer": "integer",
        "boolean": "boolean",
        "date": "date",
        "numeric": "numeric(12, 2)",
    },
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = True


@dataclass(frozen=True)
class LandingTable:
    schema: str
    name: str
    columns: tuple[Column, ...]
    # Postgres only: one btree index per column listed. The webhook tables are
    # looked up by event id (an incremental batch, the payload of an event)
    # and by received_at (the incremental watermark); Shopify's also by topic
    # (every run looks for unapplied redaction requests, apply_redactions.sql,
    # and without it scans every delivery). DuckDB scans instead.
    postgres_indexes: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self, dialect: str, json_compression: str | None = None) -> list[str]:
        """The statements creating this table; ``json_compression`` (Postgres: ``lz4``) sets the
        TOAST compression of its JSON columns."""
        types = _TYPES[dialect]
        compression = f" compression {json_compression}" if json_compression else ""
        cols = ",\n    ".join(
            f"{c.name} {types[c.type]}{compression if c.type == 'json' else ''}{'' if c.nullable else ' not null'}"
            for c in self.columns
        )
        return [
            f"create schema if not exists {self.schema}",
            f"create table if not exists {self.qualified} (\n    {cols}\n)",
            *(self.index_ddl() if dialect == "postgres" else []),
        ]

    def _index_name(self, column: str) -> str:
        # an index lives in its table's schema: the name is unqualified in DDL
        return f"{self.name}_{column}_idx"

    def index_names(self) -> list[str]:
        """The Postgres indexes of this table, schema-qualified."""
        return [f"{self.schema}.{self._index_name(column)}" for column in self.postgres_indexes]

    def index_ddl(self) -> list[str]:
        """The statements creating this table's Postgres indexes (idempotent)."""
        return [
            f"create index if not exists {self._index_name(column)} on {self.qualified} ({column})"
            for column in self.postgres_indexes
        ]


SHOPIFY_EVENTS = LandingTable(
    "raw_shopify",
    "webhook_events",
    (
        Column("event_id", "text", nullable=False),
        Column("webhook_id", "text"),
        Column("topic", "text", nullable=False),
        Column("shop_domain", "text"),
        Column("api_version", "text"),
        Column("triggered_at", "timestamptz"),
        Column("received_at", "timestamptz", nullable=False),
        Column("payload", "json"),
    ),
    postgres_indexes=("event_id", "received_at", "topic"),
)

CHATWOOT_EVENTS = LandingTable(
    "raw_chatwoot",
    "webhook_events",
    (
        Column("event_id", "text", nullable=False),
        Column("event", "text", nullable=False),
        Column("account_id", "bigint"),
        Column("received_at", "timestamptz", nullable=False),
        Column("payload", "json"),
    ),
    postgres_indexes=("event_id", "received_at"),
)

SHOP_ACTIVATION_EVENTS = LandingTable(
    "raw_ops",
    "shop_activation_events",
    (
        Column("event_id", "text", nullable=False),
        Column("shop_id", "text", nullable=False),
        Column("event_type", "text", nullable=False),
        Column("occurred_at", "timestamptz", nullable=False),
        Column("recorded_at", "timestamptz", nullable=False),
    ),
)

QUEUE_ITEMS = LandingTable(
    "raw_ops",
    "queue_items",
    (
        Column("queue_item_id", "text", nullable=False),
        Column("item_type", "text", nullable=False),
        Column("operator_id", "text"),
        Column("priority", "text"),
        Column("created_at", "timestamptz", nullable=False),
        Column("sla_due_at", "timestamptz", nullable=False),
        Column("recorded_at", "timestamptz", nullable=False),
    ),
)

OPERATOR_ACTIONS = LandingTable(
    "raw_ops",
    "operator_actions",
    (
        Column("action_id", "text", nullable=False),
        Column("queue_item_id", "text", nullable=False),
        Column("operator_id", "text", nullable=False),
        Column("action_type", "text", nullable=False),
        Column("occurred_at", "timestamptz", nullable=False),
        Column("recorded_at", "timestamptz", nullable=False),
    ),
)

TIME_SAVINGS_ENTRIES = LandingTable(
    "raw_ops",
    "time_savings_entries",
    (
        Column("entry_id", "text", nullable=False),
        Column("entry_date", "date", nullable=False),
        Column("task_category", "text", nullable=False),
        Column("minutes_spent", "numeric", nullable=False),
        Column("baseline_minutes", "numeric"),
        Column("allow_negative", "boolean", nullable=False),
        Column("source", "text", nullable=False),
        Column("note", "text"),
        Column("recorded_at", "timestamptz", nullable=False),
    ),
)

ALL_TABLES = (
    SHOPIFY_EVENTS,
    CHATWOOT_EVENTS,
    SHOP_ACTIVATION_EVENTS,
    QUEUE_ITEMS,
    OPERATOR_ACTIONS,
    TIME_SAVINGS_ENTRIES,
)
BY_NAME = {t.qualified: t for t in ALL_TABLES}


def postgres_json_compression(cur) -> str | None:
    """``lz4`` when the Postgres server was built with it (it is on Debian's and Supabase's), else None.

    Payloads are larger than the 2 kB TOAST threshold, so each is compressed
    when it lands and decompressed whenever staging parses it: lz4 does both
    faster than the default pglz (figures in the README's performance section).
    """
    cur.execute("select 'lz4' = any(enumvals) from pg_settings where name = 'default_toast_compression'")
    row = cur.fetchone()
    return "lz4" if row and row[0] else None


def ensure_landing_tables(conn, dialect: str) -> None:
    """Create every landing schema and table that does not exist yet (idempotent).

    Postgres JSON columns use lz4 compression where the server has it; tables
    that already exist are left as they are.
    """
    cur = conn.cursor()
    compression = postgres_json_compression(cur) if dialect == "postgres" else None
    for table in ALL_TABLES:
        for statement in table.ddl(dialect, compression):
            cur.execute(statement)
    conn.commit()


#: a webhook landing table holds one row per these columns' values: one delivery
DELIVERY_KEY = ("event_id", "received_at")


def append_new_deliveries(conn, dialect: str, table: LandingTable, batch: pa.Table, *, commit: bool = True) -> list:
    """Append the deliveries of ``batch`` that ``table`` does not hold yet, in one transaction.

    A webhook landing table holds one row per delivery (``DELIVERY_KEY``): the
    same delivery loaded twice (a captured file loaded again, or twice in one
    load; a spooled delivery drained again by the webhook receiver) is written
    once, so an events model's first delivery, and the body an entity model
    reads, is always one row (the dbt test
    ``*_one_delivery_per_event_and_instant`` checks it). Returns the
    ``received_at`` of every row written. With ``commit=False`` the caller
    commits (or rolls back) the transaction, which may append to other tables.
    """
    batch = _checked(table, batch)
    seen: set = set()
    keep = []
    for key in zip(*(batch.column(k).to_pylist() for k in DELIVERY_KEY)):
        keep.append(key not in seen)  # the same delivery twice within the batch: the first
        seen.add(key)
    batch = batch.filter(pa.array(keep, type=pa.bool_()))
    if batch.num_rows == 0:
        return []
    types = _TYPES[dialect]
    not_landed = (f"not exists (select 1 from {table.qualified} as landed where "
                  + " and ".join(f"landed.{c.name} = cast(batch.{c.name} as {types[c.type]})"
                                 for c in table.columns if c.name in DELIVERY_KEY) + ")")
    if dialect == "duckdb":
        return [row[0] for row in _duckdb_insert(conn, table, batch, where=not_landed, returning="received_at",
                                                 commit=commit)]
    if dialect == "postgres":
        scratch = LandingTable("pg_temp", f"_hotrod_batch_{table.schema}", table.columns)
        cur = conn.cursor()
        try:
            cur.execute(f"create temporary table {scratch.name} (like {table.qualified}) on commit drop")
            append_arrow(conn, dialect, scratch, batch, commit=False)
            cur.execute(f"insert into {table.qualified} select {_select_list(table, dialect)} "
                        f"from {scratch.qualified} as batch where {not_landed} returning received_at")
            written = cur.fetchall()
            cur.execute(f"drop table {scratch.qualified}")
            if commit:
                conn.commit()
        except Exception:
            if commit:
                conn.rollback()
            raise
        return [row[0] for row in written]
    raise ValueError(f"unsupported dialect {dialect!r}")


def append_arrow(conn, dialect: str, table: LandingTable, batch: pa.Table, *, commit: bool = True) -> int:
    """Append ``batch`` (columns named as the landing table; JSON as text) in one transaction.

    Returns the number of rows written. Nothing is written when the batch fails.
    """
    batch = _checked(table, batch)
    if batch.num_rows == 0:
        return 0
    if dialect == "duckdb":
        _duckdb_insert(conn, table, batch, commit=commit)
    elif dialect == "postgres":
        import pyarrow.csv as pacsv

        buffer = io.BytesIO()
        pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False))
        buffer.seek(0)
        cur = conn.cursor()
        try:
            cur.copy_expert(
                f"copy {table.qualified} ({', '.join(table.column_names)}) from stdin with (format csv)",
                buffer,
            )
            if commit:
                conn.commit()
        except Exception:
            conn.rollback()
            raise
    else:
        raise ValueError(f"unsupported dialect {dialect!r}")
    return batch.num_rows


def _checked(table: LandingTable, batch: pa.Table) -> pa.Table:
    """``batch`` with the landing table's columns, in its order; an error naming any that lack."""
    missing = [c for c in table.column_names if c not in batch.column_names]
    if missing:
        raise ValueError(f"batch for {table.qualified} lacks columns {missing}")
    return batch.select(table.column_names)


def _select_list(table: LandingTable, dialect: str) -> str:
    types = _TYPES[dialect]
    return ", ".join(f"cast(batch.{c.name} as {types[c.type]})" for c in table.columns)


def _duckdb_insert(conn, table: LandingTable, batch: pa.Table, *, where: str = "", returning: str = "",
                   commit: bool = True) -> list:
    """Insert the rows of ``batch`` (``where`` they qualify) in one DuckDB transaction; the ``returning``
    column of each row written (an empty list without one)."""
    conn.register("_hotrod_batch", batch)
    try:
        conn.execute("begin transaction")
        result = conn.execute(
            f"insert into {table.qualified} select {_select_list(table, 'duckdb')} from _hotrod_batch as batch"
            + (f" where {where}" if where else "") + (f" returning {returning}" if returning else ""))
        written = result.fetchall() if returning else []
        if commit:
            conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    finally:
        conn.unregister("_hotrod_batch")
    return written
