"""Synthetic webhook data for a hot-rod parts store (see ``scripts/generate_data.py``).

``generate()`` simulates the store with numpy (:mod:`.simulate`), assembles
the deliveries with DuckDB (:mod:`.emit`) and writes them to a dbt target's
landing tables (DuckDB or Postgres) or to NDJSON files in the loader's format.
The same seed, order count and end date give the same deliveries.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import date, datetime, timezone as dt_timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from hotrod.ingestion import landing
from hotrod.tools.generator.emit import build_events
from hotrod.tools.generator.simulate import Window, simulate

DEFAULT_TIMEZONE = "America/Los_Angeles"
MEMORY_LIMIT = os.environ.get("HOTROD_GENERATOR_MEMORY", "2GB")
GEN_TABLES = {
    "raw_shopify.webhook_events": "gen_shopify",
    "raw_chatwoot.webhook_events": "gen_chatwoot",
    "raw_ops.shop_activation_events": "gen_ops_shop_activation_events",
    "raw_ops.queue_items": "gen_ops_queue_items",
    "raw_ops.operator_actions": "gen_ops_operator_actions",
    "raw_ops.time_savings_entries": "gen_ops_time_savings_entries",
}


class GeneratorError(Exception):
    """Bad generator input (reported without a traceback)."""


@dataclass
class Progress:
    """Stage-by-stage progress on stderr (a tqdm bar when stderr is a terminal)."""

    stages: int = 16  # the labels simulate() and build_events() report, plus "writing"
    quiet: bool = False
    started: float = field(default_factory=time.monotonic)
    _bar: object = None

    def __post_init__(self):
        if not self.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=self.stages, unit="stage", file=sys.stderr, desc="generating")

    def __call__(self, label: str) -> None:
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.set_description(label)
            self._bar.update(1)
        else:
            print(f"  [{time.monotonic() - self.started:6.1f}s] {label}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def generate(con: duckdb.DuckDBPyConnection, orders: int, seed: int, end: date, days: int = 730,
             timezone: str = DEFAULT_TIMEZONE, now: datetime | None = None, progress=None) -> None:
    """Build the gen_* relations (see GEN_TABLES) in ``con``."""
    if orders < 1:
        raise GeneratorError("--orders must be at least 1")
    if days < 7:
        raise GeneratorError("--days must be at least 7")
    window = Window.build(end, days, timezone, now=now)
    con.execute("set TimeZone = 'UTC'")
    con.execute("set preserve_insertion_order = false")
    # Bound DuckDB's memory (it spills to its temp directory beyond this). Payloads are built while
    # writing, so DuckDB holds only their inputs: a million orders fit in 2 GiB.
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    if con.execute("select current_setting('temp_directory')").fetchone()[0] == ".tmp":
        # an in-memory database spills to .tmp in the working directory: use the system's temp space
        spill = Path(tempfile.gettempdir()) / f"hotrod_generator_{os.getpid()}"
        con.execute(f"set temp_directory = '{spill}'")
    sim = simulate(orders, seed, window, progress=progress)
    build_events(con, sim, progress=progress)


@dataclass(frozen=True)
class Received:
    """Which deliveries to write, by arrival: recorded through ``through`` and/or after ``after`` (UTC).

    The default writes all; two runs split at one moment write a dataset and then its later day(s).
    """

    through: datetime | None = None
    after: datetime | None = None

    def where(self, qualified: str) -> str:
        column = "received_at" if qualified.startswith(("raw_shopify", "raw_chatwoot")) else "recorded_at"
        conditions = []
        if self.through is not None:
            conditions.append(f"{column} <= '{self.through.isoformat()}'::timestamptz")
        if self.after is not None:
            conditions.append(f"{column} > '{self.after.isoformat()}'::timestamptz")
        return (" where " + " and ".join(conditions)) if conditions else ""


def _select(table: landing.LandingTable, gen: str, received: Received, columns: str | None = None) -> str:
    return f"select {columns or ', '.join(table.column_names)} from {gen}{received.where(table.qualified)}"


def write_duckdb(con, replace: bool, received: Received = Received()) -> dict[str, int]:
    """Append (or replace) the landing tables of the DuckDB database ``con`` is connected to; rows per table."""
    landing.ensure_landing_tables(con, "duckdb")
    counts = {}
    con.execute("begin transaction")
    try:
        for qualified, gen in GEN_TABLES.items():
            table = landing.BY_NAME[qualified]
            if replace:
                con.execute(f"delete from {qualified}")
            counts[qualified] = con.execute(
                f"insert into {qualified} ({', '.join(table.column_names)}) {_select(table, gen, received)}").fetchone()[0]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


def write_postgres(con, connect, replace: bool, received: Received = Received(),
                   batch_rows: int = 100_000, streams: int = 2) -> dict[str, int]:
    """Copy the generated relations into a Postgres target's landing tables; rows per table.

    ``connect`` opens a connection to the target. The batches go over
    ``streams`` connections at once (the server parses each payload into
    jsonb, and one connection keeps one server core busy). Each stream writes
    in its own transaction; they all commit only after every stream has
    finished, and a failure in any rolls them all back. With ``replace`` the
    tables are emptied first and their indexes dropped, in a transaction of
    their own; the indexes are built again at the end (also after a failure),
    and the tables analyzed.
    """
    with closing(connect()) as setup:
        landing.ensure_landing_tables(setup, "postgres")
        if replace:
            # emptied tables are refilled faster without their indexes, which
            # are built once at the end (ensure_landing_tables below)
            indexes = [name for qualified in GEN_TABLES for name in landing.BY_NAME[qualified].index_names()]
            setup.cursor().execute("truncate " + ", ".join(GEN_TABLES))
            if indexes:
                setup.cursor().execute("drop index if exists " + ", ".join(indexes))
            setup.commit()

    work: queue.Queue = queue.Queue(maxsize=2 * streams)
    failures: list[BaseException] = []
    counts = {qualified: 0 for qualified in GEN_TABLES}
    lock = threading.Lock()

    def stream(pg_conn) -> None:
        while (item := work.get()) is not None:
            table, batch = item
            if failures:
                continue  # keep draining so that the producer never blocks
            try:
                rows = landing.append_arrow(pg_conn, "postgres", table, pa.Table.from_batches([batch]), commit=False)
                with lock:
                    counts[table.qualified] += rows
            except BaseException as exc:  # reported by the caller below
                failures.append(exc)

    with ExitStack() as opened:  # closes every stream's connection, also when one cannot connect
        connections = [opened.enter_context(closing(connect())) for _ in range(streams)]
        workers = [threading.Thread(target=stream, args=(c,), daemon=True) for c in connections]
        for worker in workers:
            worker.start()
        try:
            for qualified, gen in GEN_TABLES.items():
                table = landing.BY_NAME[qualified]
                columns = ", ".join(
                    f"cast({c.name} as varchar) as {c.name}" if c.type == "json" else c.name for c in table.columns
                )
                for batch in con.execute(_select(table, gen, received, columns)).fetch_record_batch(batch_rows):
                    if failures:
                        break
                    work.put((table, batch))
        except BaseException as exc:
            failures.append(exc)  # the streams roll back below
            raise
        finally:
            for _ in workers:
                work.put(None)
            for worker in workers:
                worker.join()
            for pg_conn in connections:
                (pg_conn.rollback if failures else pg_conn.commit)()
    # The indexes dropped above (also after a failure), then planner
    # statistics now, not when autovacuum gets to it: a build started right
    # after a bulk load would otherwise plan its joins blind.
    with closing(connect()) as setup:
        landing.ensure_landing_tables(setup, "postgres")
        if failures:
            raise failures[0]
        setup.autocommit = True
        setup.cursor().execute("analyze " + ", ".join(GEN_TABLES))
    return counts


def write_ndjson(con, out: Path) -> dict[Path, int]:
    """Write the loader's NDJSON format (shopify.ndjson, chatwoot.ndjson) and the raw_ops tables as NDJSON."""
    out.mkdir(parents=True, exist_ok=True)
    files = {"shopify": out / "shopify.ndjson", "chatwoot": out / "chatwoot.ndjson"}
    counts = {}
    counts[files["shopify"]] = con.execute(f"""copy (
        select strftime(received_at, '%Y-%m-%dT%H:%M:%SZ') as received_at,
            {{'X-Shopify-Topic': topic, 'X-Shopify-Event-Id': event_id, 'X-Shopify-Webhook-Id': webhook_id,
              'X-Shopify-Shop-Domain': shop_domain, 'X-Shopify-API-Version': api_version,
              'X-Shopify-Triggered-At': strftime(triggered_at, '%Y-%m-%dT%H:%M:%SZ')}} as headers,
            payload as body
        from gen_shopify order by received_at, event_id
    ) to '{files['shopify']}' (format json)""")
    counts[files["chatwoot"]] = con.execute(f"""copy (
        select strftime(received_at, '%Y-%m-%dT%H:%M:%SZ') as received_at, payload as body
        from gen_chatwoot order by received_at, event_id
    ) to '{files['chatwoot']}' (format json)""").fetchone()[0]
    for qualified, gen in GEN_TABLES.items():
        if qualified.startswith("raw_ops."):
            path = out / f"{qualified}.ndjson"
            counts[path] = con.execute(f"copy (select * from {gen}) to '{path}' (format json)").fetchone()[0]
    return counts


def today_in(timezone: str) -> date:
    from zoneinfo import ZoneInfo

    return datetime.now(dt_timezone.utc).astimezone(ZoneInfo(timezone)).date()


def end_of_day(day: date, timezone: str) -> datetime:
    """The last second of ``day`` in ``timezone``, as a UTC datetime."""
    from datetime import time as dt_time
    from zoneinfo import ZoneInfo

    return datetime.combine(day, dt_time(23, 59, 59), ZoneInfo(timezone)).astimezone(dt_timezone.utc)
