"""The landing tables: one definition, idempotent, and documented by the dbt sources."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from hotrod.ingestion import landing

ROOT = Path(__file__).resolve().parents[2]


def test_ensure_landing_tables_is_idempotent(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    landing.ensure_landing_tables(con, "duckdb")
    con.execute("insert into raw_ops.queue_items values ('q1', 'cx_escalation', 'op_dana', 'high', now(), now(), now())")
    landing.ensure_landing_tables(con, "duckdb")
    assert con.execute("select count(*) from raw_ops.queue_items").fetchone()[0] == 1
    tables = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema like 'raw_%' order by 1"
    ).fetchall()
    assert [t[0] for t in tables] == sorted(t.qualified for t in landing.ALL_TABLES)


def test_dbt_sources_document_exactly_the_landing_columns():
    documented = {}
    for path in ROOT.glob("models/staging/*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            if not source["schema"].startswith("raw_"):  # the privacy bookkeeping is not a landing table
                continue
            for table in source["tables"]:
                documented[f"{source['schema']}.{table['name']}"] = [c["name"] for c in table.get("columns", [])]
    assert set(documented) == set(landing.BY_NAME)
    for name, table in landing.BY_NAME.items():
        assert documented[name] == table.column_names, name


def test_postgres_ddl_uses_jsonb_and_duckdb_json():
    assert "payload jsonb" in landing.SHOPIFY_EVENTS.ddl("postgres")[1]
    assert "payload json" in landing.SHOPIFY_EVENTS.ddl("duckdb")[1]
    # Postgres looks events up by id and by received_at, Shopify's also by topic (redaction requests); DuckDB scans
    assert landing.SHOPIFY_EVENTS.ddl("postgres")[2:] == [
        "create index if not exists webhook_events_event_id_idx on raw_shopify.webhook_events (event_id)",
        "create index if not exists webhook_events_received_at_idx on raw_shopify.webhook_events (received_at)",
        "create index if not exists webhook_events_topic_idx on raw_shopify.webhook_events (topic)",
    ]
    assert not any("topic" in s for s in landing.CHATWOOT_EVENTS.ddl("postgres")[2:])
    assert not any("index" in s for s in landing.SHOPIFY_EVENTS.ddl("duckdb"))
