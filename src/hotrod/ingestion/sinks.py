"""Where the receiver makes deliveries durable: the landing tables of a Postgres target, or NDJSON files.

Both are called from one worker thread of the receiver (never concurrently).

:class:`PostgresLanding` appends landing rows through
:func:`hotrod.ingestion.landing.append_arrow`, one transaction per batch (the
group commit): the receiver stamps ``received_at`` from a clock that never
repeats a value, so a new delivery is never a row the table holds.
:meth:`PostgresLanding.insert_missing` is the spool's drain, and
:meth:`PostgresLanding.insert_after` writes the spool's tail in the same
transaction as the next batch, both through
:func:`hotrod.ingestion.landing.append_new_deliveries` (the loader's rule: one
row per event id and ``received_at``), so a spooled row that a slow commit
landed meanwhile, or a row drained twice, is stored once. A row that
PostgreSQL refuses although the receiver's checks let it through (a value
``jsonb`` cannot hold) does not fail its batch: the batch is written row by
row and that row's payload is stored as one JSON string holding its text,
which staging rejects and counts.

:class:`NdjsonFiles` is the development mode: each batch is appended to
NDJSON files in the loader's format (``shopify.ndjson``,
``chatwoot-account-<id>.ndjson``) and fsync'd, for
``scripts/load_webhooks.py`` to load into DuckDB.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from hotrod.ingestion import landing, loader

#: libpq settings of the receiver's connection: a dead server is noticed within seconds
_LIBPQ = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3,
          "options": "-c statement_timeout=30000"}


@dataclass
class Delivery:
    """One accepted delivery: its landing row, and its headers and stored body for the NDJSON mode."""

    source: str
    received_at: datetime
    headers: dict
    body: object
    row: dict
    account_id: int | None = None


def _arrow(source: str, rows: list[dict]):
    parsed = loader.ParsedFiles(source=source)
    for row in rows:
        parsed.add(row)
    return parsed.to_arrow()


def _by_source(rows: list[tuple[str, dict]]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for source, row in rows:
        grouped.setdefault(source, []).append(row)
    return grouped


def as_text_payload(row: dict) -> dict:
    """``row`` with its payload stored as one JSON string holding the payload's text."""
    return {**row, "payload": json.dumps(row["payload"], ensure_ascii=False)}


class PostgresLanding:
    def __init__(self, target, on_unstorable: Callable[[str], None] | None = None):
        self.target = target
        self.on_unstorable = on_unstorable or (lambda source: None)
        self._conn = None

    def _connection(self):
        if self._conn is None or self._conn.closed:
            self._conn = self.target.connect(application_name="hotrod-receiver", **_LIBPQ)
            landing.ensure_landing_tables(self._conn, "postgres")
        return self._conn

    def reset(self) -> None:
        """Drop the connection (after an error); the next call connects again."""
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
        self._conn = None

    def ping(self) -> None:
        cur = self._connection().cursor()
        cur.execute("select 1")
        self._conn.rollback()

    def insert_missing(self, rows: list[tuple[str, dict]]) -> None:
        """Append the ``rows`` the landing tables do not hold yet, in one transaction."""
        self._write(rows, self._append_missing)

    def insert_after(self, spooled: list[tuple[str, dict]], rows: list[tuple[str, dict]]) -> None:
        """Append the ``spooled`` rows the landing tables do not hold yet, then ``rows`` ((source, landing row)
        pairs), in one transaction: the receiver's group commit, with the spool's tail ahead of it."""
        self._write(spooled, self._append_missing, then=(rows, self._append))

    def _write(self, rows, append, then=None) -> None:
        import psycopg2

        parts = [(rows, append)] + ([then] if then else [])
        conn = self._connection()
        try:
            for part_rows, part_append in parts:
                for source, group in _by_source(part_rows).items():
                    part_append(conn, source, group)
            conn.commit()
        except psycopg2.DataError:
            conn.rollback()
            for part_rows, part_append in parts:  # in order: the spooled rows first
                self._write_row_by_row(conn, part_rows, part_append)
        except BaseException:
            self.reset()
            raise

    def _write_row_by_row(self, conn, rows, append) -> None:
        import psycopg2

        for source, row in rows:
            try:
                append(conn, source, [row])
                conn.commit()
            except psycopg2.DataError:
                conn.rollback()
                append(conn, source, [as_text_payload(row)])
                conn.commit()
                self.on_unstorable(source)

    @staticmethod
    def _append(conn, source: str, rows: list[dict]) -> None:
        landing.append_arrow(conn, "postgres", loader.landing_table(source), _arrow(source, rows), commit=False)

    @staticmethod
    def _append_missing(conn, source: str, rows: list[dict]) -> None:
        landing.append_new_deliveries(conn, "postgres", loader.landing_table(source), _arrow(source, rows),
                                      commit=False)

    def close(self) -> None:
        self.reset()


def ndjson_line(delivery: Delivery) -> str:
    """The loader's line for ``delivery``."""
    return json.dumps({"received_at": delivery.received_at.isoformat(), "headers": delivery.headers,
                       "body": delivery.body}, ensure_ascii=False)


class NdjsonFiles:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def path(self, delivery: Delivery) -> Path:
        if delivery.source == "shopify":
            return self.directory / "shopify.ndjson"
        return self.directory / f"chatwoot-account-{delivery.account_id}.ndjson"

    def append(self, deliveries: list[Delivery]) -> None:
        """Append each delivery's line to its file; every file written is fsync'd before this returns."""
        lines: dict[Path, list[str]] = {}
        for delivery in deliveries:
            lines.setdefault(self.path(delivery), []).append(ndjson_line(delivery))
        for path, group in lines.items():
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("\n".join(group) + "\n")
                handle.flush()
                os.fsync(handle.fileno())

    def close(self) -> None:
        pass
