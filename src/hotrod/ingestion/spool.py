"""The receiver's local spool: landing rows made durable on disk while PostgreSQL is away or slow.

A SQLite database (``spool.sqlite3`` in the spool directory) in WAL mode with
``synchronous=FULL``: each :meth:`Spool.append` is one transaction, written
and fsync'd before it returns, so a delivery acknowledged from the spool
survives a crash of the receiver or of the machine. SQLite recovers a
transaction torn by a crash (it was never acknowledged). Deleted rows are
overwritten (``secure_delete``): a drained spool keeps no customer data.

One receiver owns a spool directory at a time (an exclusive lock on
``spool.lock``). The spool is drained oldest first by
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
        path = self.directory / "spool.sqlite3"
        created = not path.exists()
        # used from one worker thread at a time (the receiver's spool executor)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = wal", "synchronous = full", "secure_delete = on"):
            self._db.execute(f"pragma {pragma}")
        self._db.execute("""create table if not exists spool (
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
        self.depth = self._db.execute("select count(*) from spool").fetchone()[0]

    def append(self, rows: list[tuple[str, dict]]) -> None:
        """Store ``rows`` ((source, landing row) pairs) in one fsync'd transaction."""
        self._db.execute("begin immediate")
        try:
            self._db.executemany("insert into spool (source, row) values (?, ?)",
                                 [(source, _encode(row)) for source, row in rows])
            self._db.execute("commit")
        except BaseException:
            self._db.execute("rollback")
            raise
        self.depth += len(rows)

    def oldest(self, limit: int) -> list[tuple[int, str, dict]]:
        """The ``limit`` oldest spooled rows as (spool id, source, landing row)."""
        cursor = self._db.execute("select id, source, row from spool order by id limit ?", (limit,))
        return [(spool_id, source, _decode(text)) for spool_id, source, text in cursor.fetchall()]

    def delete(self, ids: list[int]) -> None:
        """Forget rows the landing table has committed."""
        self._db.execute("begin immediate")
        try:
            self._db.executemany("delete from spool where id = ?", [(i,) for i in ids])
            self._db.execute("commit")
        except BaseException:
            self._db.execute("rollback")
            raise
        self.depth = self._db.execute("select count(*) from spool").fetchone()[0]

    def close(self) -> None:
        self._db.close()
        self._lock.close()
