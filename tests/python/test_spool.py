"""The receiver's spool: what it acknowledged survives a kill -9, and one receiver owns it at a time."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pytest

from hotrod.ingestion.spool import Spool, SpoolError


def _row(n: int) -> dict:
    return {"event_id": f"e{n}", "topic": "orders/create", "received_at": datetime(2026, 6, 1, 0, 0, n, tzinfo=timezone.utc),
            "triggered_at": None, "payload": '{"id": %d, "note": "caf\u00e9"}' % n}


def test_rows_come_back_oldest_first_as_they_went_in_and_are_forgotten_once_deleted(tmp_path):
    spool = Spool(tmp_path)
    spool.append([("shopify", _row(1)), ("chatwoot", _row(2))])
    spool.append([("shopify", _row(3))])
    assert spool.depth == 3
    oldest = spool.oldest(2)
    assert [(source, row) for _, source, row in oldest] == [("shopify", _row(1)), ("chatwoot", _row(2))]
    spool.delete([spool_id for spool_id, _, _ in oldest])
    assert spool.depth == 1
    spool.close()
    reopened = Spool(tmp_path)
    assert reopened.depth == 1 and [row for _, _, row in reopened.oldest(10)] == [_row(3)]
    reopened.close()


def test_one_receiver_owns_a_spool_directory(tmp_path):
    first = Spool(tmp_path)
    with pytest.raises(SpoolError, match="in use by another receiver"):
        Spool(tmp_path)
    first.close()
    Spool(tmp_path).close()


def test_every_acknowledged_append_survives_kill_9(tmp_path):
    # a writer acknowledges each append on stdout once append() returned; it is killed mid-stream
    writer = textwrap.dedent(f"""
        import sys
        from datetime import datetime, timezone
        from hotrod.ingestion.spool import Spool
        spool = Spool({str(tmp_path)!r})
        n = 0
        while True:
            spool.append([("shopify", {{"event_id": f"e{{n}}-{{i}}", "received_at": datetime.now(timezone.utc),
                                        "payload": "{{}}"}}) for i in range(20)])
            print(n, flush=True)
            n += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) == 50:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    spool = Spool(tmp_path)  # the lock died with the writer
    held = {row["event_id"] for _, _, row in spool.oldest(1_000_000)}
    spool.close()
    assert all(f"e{n}-{i}" in held for n in acknowledged for i in range(20))
    # a batch is one transaction: whole or absent
    assert len(held) % 20 == 0
