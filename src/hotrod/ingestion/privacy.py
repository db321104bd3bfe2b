"""Shopify's compliance requests: what the project holds on a customer, and the requests received.

``hotrod-privacy data-request --target T --customer-id N`` answers a
``customers/data_request``: it prints, as one JSON document, every landed
delivery that carries the customer (their customer versions and privacy
requests; their orders' versions, refunds and fulfillments; the Chatwoot
conversations linked to them by the ``shopify_customer_id`` attribute or
their e-mail, and those conversations' messages) and every row of every
model with a ``customer_id`` or ``shopify_customer_id`` column equal to N.
It reads the last build: deliveries landed since are in the landing tables
but not yet linked to the customer.

``hotrod-privacy requests --target T`` lists the compliance requests received
(``customers/data_request``, ``customers/redact``, ``shop/redact``) and, for a
redaction, when a build applied it. ``customers/redact`` and ``shop/redact``
need no command: the next ``dbt build`` applies them (macros/privacy/apply_redactions.sql).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from decimal import Decimal

from hotrod import targets

STAGING = "staging"
#: schemas that hold no model (the landing tables are read by event id, the privacy log holds ids only)
NOT_MODELS = ("information_schema", "pg_catalog", "pg_toast", "raw_shopify", "raw_chatwoot", "raw_ops", "privacy")
CUSTOMER_COLUMNS = ("customer_id", "shopify_customer_id")


class PrivacyError(Exception):
    """A user-facing error (the project is not built on the target, bad arguments)."""


def _rows(cur, sql: str) -> list[dict]:
    cur.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _ids(values) -> str:
    """An SQL list of integer ids (never empty: ``(null)`` matches nothing)."""
    return "(" + (", ".join(str(int(v)) for v in values if v is not None) or "null") + ")"


def _json(value):
    if isinstance(value, str) and value[:1] in "{[\"":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def _require_build(cur) -> None:
    try:
        cur.execute(f"select 1 from {STAGING}.stg_shopify__webhook_events where 1 = 0")
        cur.fetchall()
    except Exception:
        raise PrivacyError("the project is not built on this target: run `dbt build` (or scripts/build_prod) first") from None


def data_request(conn, customer_id: int) -> dict:
    """What the project holds on the Shopify customer ``customer_id`` (see the module's doc)."""
    cur = conn.cursor()
    _require_build(cur)
    cid = int(customer_id)
    orders = [r["order_id"] for r in _rows(cur, f"select order_id from {STAGING}.stg_shopify__orders where customer_id = {cid}")]
    refunds = [r["refund_id"] for r in _rows(
        cur, f"select refund_id from {STAGING}.stg_shopify__refunds where order_id in {_ids(orders)}")]
    fulfillments = [r["fulfillment_id"] for r in _rows(
        cur, f"select fulfillment_id from {STAGING}.stg_shopify__fulfillments where order_id in {_ids(orders)}")]
    conversations = [r["conversation_id"] for r in _rows(
        cur, f"select conversation_id from intermediate.int_conversations__shopify_customers "
             f"where shopify_customer_id = {cid}")]
    messages = [r["message_id"] for r in _rows(
        cur, f"select message_id from {STAGING}.stg_chatwoot__messages where conversation_id in {_ids(conversations)}")]
    shopify_events = f"""
        select event_id from {STAGING}.stg_shopify__webhook_events
        where (resource_type in ('customer', 'privacy_request') and resource_id = '{cid}')
            or (resource_type = 'order' and resource_id in {_text_ids(orders)})
            or (resource_type = 'refund' and resource_id in {_text_ids(refunds)})
            or (resource_type = 'fulfillment' and resource_id in {_text_ids(fulfillments)})
    """
    chatwoot_events = f"""
        select event_id from {STAGING}.stg_chatwoot__webhook_events
        where (resource_type = 'conversation' and resource_id in {_text_ids(conversations)})
            or (resource_type = 'message' and resource_id in {_text_ids(messages)})
    """
    landing = {
        "raw_shopify.webhook_events": _rows(cur, f"""
            select event_id, topic, received_at, payload from raw_shopify.webhook_events
            where event_id in ({shopify_events}) order by received_at, event_id"""),
        "raw_chatwoot.webhook_events": _rows(cur, f"""
            select event_id, event, account_id, received_at, payload from raw_chatwoot.webhook_events
            where event_id in ({chatwoot_events}) order by received_at, event_id"""),
    }
    for rows in landing.values():
        for row in rows:
            row["payload"] = _json(row["payload"])
    models = {}
    for schema, table, column in _customer_relations(cur):
        rows = _rows(cur, f'select * from {schema}.{table} where {column} = {cid}')
        if rows:
            models[f"{schema}.{table}"] = rows
    return {"customer_id": cid, "landing": landing, "models": models}


def _text_ids(values) -> str:
    return "(" + (", ".join(f"'{int(v)}'" for v in values if v is not None) or "null") + ")"


def _customer_relations(cur) -> list[tuple[str, str, str]]:
    excluded = ", ".join(f"'{schema}'" for schema in NOT_MODELS)
    columns = ", ".join(f"'{column}'" for column in CUSTOMER_COLUMNS)
    found = _rows(cur, f"""
        select table_schema, table_name, column_name from information_schema.columns
        where column_name in ({columns}) and table_schema not in ({excluded})
            and table_schema not like '%\\_\\_build' escape '\\' and table_schema not like '%\\_\\_retired' escape '\\'
        order by table_schema, table_name, column_name""")
    return [(r["table_schema"], r["table_name"], r["column_name"]) for r in found]


def requests(conn) -> list[dict]:
    """The compliance requests received, oldest first, with when a build applied each redaction."""
    cur = conn.cursor()
    _require_build(cur)
    applied = {}
    if _rows(cur, "select 1 as found from information_schema.tables "
                  "where table_schema = 'privacy' and table_name = 'redaction_requests'"):
        applied = {r["event_id"]: r["applied_at"] for r in _rows(cur, "select event_id, applied_at from privacy.redaction_requests")}
    rows = _rows(cur, f"""
        select event_id, topic, resource_id, received_at from {STAGING}.stg_shopify__webhook_events
        where resource_type = 'privacy_request' order by received_at, event_id""")
    for row in rows:
        subject = "shop_id" if row["topic"] == "shop/redact" else "customer_id"
        row[subject] = row.pop("resource_id")
        if row["topic"] != "customers/data_request":
            row["applied_at"] = applied.get(row["event_id"])
    return rows


def main(argv: list[str] | None = None) -> int:
    doc = __doc__.split("\n\n")
    parser = argparse.ArgumentParser(prog="hotrod-privacy", description=doc[0], epilog="\n\n".join(doc[1:]),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    request = commands.add_parser("data-request", help="print what the project holds on a customer (JSON)",
                                  description="Print, as JSON, every landed delivery and model row that holds the "
                                              "Shopify customer's data (a customers/data_request).")
    request.add_argument("--customer-id", type=int, required=True, metavar="N", help="the Shopify customer id")
    listing = commands.add_parser("requests", help="list the compliance requests received (JSON)",
                                  description="List the customers/data_request, customers/redact and shop/redact "
                                              "requests received, and when a build applied each redaction.")
    for sub in (request, listing):
        sub.add_argument("--target", default=None, help="dbt target to read (default: the profile's default, dev)")
    args = parser.parse_args(argv)
    try:
        target = targets.resolve(args.target)
        conn = target.connect(application_name="hotrod-privacy")
        try:
            result = data_request(conn, args.customer_id) if args.command == "data-request" else requests(conn)
        finally:
            conn.close()
    except (targets.TargetError, PrivacyError) as exc:
        print(f"hotrod-privacy: error: {exc}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=2, default=_plain, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
