"""The receiver's local spool: landing rows made durable on disk while PostgreSQL is away or slow.

A SQLite database (``spool.sqlite3`` in the spool directory) in WAL mode with
``synchronous=FULL``: each :meth:`Spool.append` is one transaction, written
and fsync'd before it returns, so a delivery acknowledged from the spool
survives a crash of the receiver or of the machine. SQLite recovers a
transaction torn by a crash (it was never acknowledged). Deleted rows are
overwritten (``secure_delete``): a drained spool keeps no customer data.

One receiver owns a spool directory at a time (an exclusive lock on
``spool.lock``). Each thread that uses the spool gets its own SQLite
connection, so the drain reads and deletes while the receiver appends (WAL:
readers never wait; the two writers take turns). The spool is drained oldest first by
:meth:`hotrod.ingestion.receiver.Durability.drain`: rows are deleted only
after the landing table committed them, and the landing insert skips a
delivery it already holds (same event id and ``received_at``), so a crash
between the two repeats nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

_TIMESTAMPS = ("received_at", "triggered_at")


class SpoolError(Exception):
    """The spool cannot be opened (another receiver holds it, or the directory is unusable)."""


def _encode(row: dict) -> str:
    return json.dumps({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()},
                      ensure_ascii=False)


def _decode(text: str) -> dict:
    row = json.loads(text)
    for key in _TIMESTAMPS:
        if row.get(key) is not None:
            row[key] = datetime.fromisoformat(row[key])
    return row


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.directory / "spool.lock", "a")
        except OSError as exc:
            raise SpoolError(f"cannot use spool directory {self.directory}: {exc.strerror}") from exc
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise SpoolError(f"spool directory {self.directory} is in use by another receiver") from None
        self._path = self.directory / "spool.sqlite3"
        created = not self._path.exists()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._depth_lock = threading.Lock()
        db = self._db()
        db.execute("pragma journal_mode = wal")
        db.execute("""create table if not exists spool (
            id integer primary key autoincrement,
            source text not null,
            row text not null
        )""")
        if created:  # the new file's directory entry is durable too
            fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self.depth = db.execute("select count(*) from spool").fetchone()[0]

    def _db(self) -> sqlite3.Connection:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=60)
            for pragma in ("synchronous = full", "secure_delete = on"):
                db.execute(f"pragma {pragma}")
            self._local.db = db
            self._connections.append(db)
        return db

    def _count(self, change: int) -> None:
        with self._depth_lock:
            self.depth += change

    def append(self, rows: list[tuple[str, dict]]) -> None:
        """Store ``rows`` ((source, landing row) pairs) in one fsync'd transaction."""
        encoded = [(source, _encode(row)) for source, row in rows]
        db = self._db()
        db.execute("begin immediate")
        try:
            db.executemany("insert into spool (source, row) values (?, ?)", encoded)
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise
        self._count(len(rows))

    def oldest(self, limit: int) -> list[tuple[int, str, dict]]:
        """The ``limit`` oldest spooled rows as (spool id, source, landing row)."""
        cursor = self._db().execute("select id, source, row from spool order by id limit ?", (limit,))
        return [(spool_id, source, _decode(text)) for spool_id, source, text in cursor.fetchall()]

    def delete(self, ids: list[int]) -> None:
        """Forget rows the landing table has committed."""
        db = self._db()
        db.execute("begin immediate")
        try:
            deleted = sum(db.execute("delete from spool where id = ?", (i,)).rowcount for i in ids)
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise
        self._count(-deleted)

    def close(self) -> None:
        for db in self._connections:
            db.close()
        self._lock.close()
