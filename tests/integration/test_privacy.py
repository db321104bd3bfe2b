"""Shopify's compliance topics end to end, on DuckDB and on PostgreSQL.

A generated dataset gets one more customer, made for the test with personal
data found nowhere else (name, e-mail, phone, address, notes): their customer
versions, two orders and a guest order with their e-mail, a refund and a
fulfillment, a `customers/data_request`, and two Chatwoot contacts linked to
them (one by the `shopify_customer_id` attribute, one by the e-mail only),
with a conversation and a message each. After a build the data is in the
landing tables and in the models, and `hotrod-privacy data-request` prints
it. Then a `customers/redact` lands and the next build (incremental, as in
production) must leave none of it in any relation of any schema (every
column of every table and view is read), while the sales figures are
unchanged and the customer's orders still count.
"""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal

import duckdb
import pytest

from conftest import AS_OF, VARS, fresh_pg_database, pg_connect
from helpers import ROOT, dbt, python_script, run

ORDERS = "600"
SEED = "5"
CUSTOMER_ID = 6299999001
ORDER_IDS = (5399999001, 5399999002)
GUEST_ORDER_ID = 5399999003
EMAIL = "Zebulon.Quixotewright@privacy-test.example"
PHONE = "+1-555-010-9911"
# every value below belongs to the redacted customer only (case-insensitive)
NEEDLES = ("zebulon", "quixotewright", "privacy-test.example", "555-010-9911", "redaction row", "privacyville",
           "xq7-note", "zeb q. privacy")
ADDRESS = {"first_name": "Zebulon", "last_name": "Quixotewright", "name": "Zebulon Quixotewright",
           "address1": "77 Redaction Row", "city": "Privacyville", "zip": "99501", "phone": PHONE,
           "province_code": "CA", "country_code": "US"}
SALES_COLUMNS = ("gross_sales", "discounts", "returns", "net_sales", "shipping_charges", "taxes", "total_sales")


def _line(received_at: str, body, topic: str | None = None, event_id: str | None = None) -> str:
    delivery = {"received_at": received_at, "body": body}
    if topic:
        delivery["headers"] = {"X-Shopify-Topic": topic, "X-Shopify-Event-Id": event_id}
    return json.dumps(delivery)


def _customer(updated: str) -> dict:
    return {"id": CUSTOMER_ID, "email": EMAIL.lower(), "first_name": "Zebulon", "last_name": "Quixotewright",
            "phone": PHONE, "state": "enabled", "currency": "USD", "tags": "", "note": "calls mornings xq7-note",
            "created_at": "2026-06-01T09:00:00-07:00", "updated_at": updated, "default_address": ADDRESS,
            "addresses": [ADDRESS], "email_marketing_consent": {"state": "subscribed"}}


def _order(base: dict, order_id: int, number: int, customer: bool) -> dict:
    order = copy.deepcopy(base)
    at = f"2026-06-2{number}T10:00:00-07:00"
    order.update(id=order_id, name=f"#PRIV{number}", order_number=9_900_000 + number, email=EMAIL,
                 phone=PHONE, note="leave at the side door xq7-note", created_at=at, updated_at=at, processed_at=at,
                 cancelled_at=None, cancel_reason=None, financial_status="paid", test=False,
                 billing_address=ADDRESS, shipping_address=ADDRESS,
                 customer={"id": CUSTOMER_ID, "email": EMAIL, "first_name": "Zebulon", "last_name": "Quixotewright",
                           "phone": PHONE, "default_address": ADDRESS} if customer else None)
    for position, line in enumerate(order["line_items"]):  # lines and shipping lines of its own
        line["id"] = order_id * 100 + position
    for position, line in enumerate(order.get("shipping_lines") or []):
        line["id"] = order_id * 100 + 50 + position
    return order


def personal_data_files(base_order: dict, directory) -> None:
    """shopify.ndjson and chatwoot.ndjson with the customer's deliveries (received in June)."""
    shopify = [
        _line("2026-06-01T16:00:00Z", _customer("2026-06-01T09:00:00-07:00"), "customers/create", "priv-c1"),
        _line("2026-06-15T16:00:00Z", _customer("2026-06-15T09:00:00-07:00"), "customers/update", "priv-c2"),
    ]
    for number, order_id in enumerate((*ORDER_IDS, GUEST_ORDER_ID), start=1):
        order = _order(base_order, order_id, number, customer=order_id != GUEST_ORDER_ID)
        shopify.append(_line(f"2026-06-2{number}T17:00:05Z", order, "orders/create", f"priv-o{number}"))
    shopify.append(_line("2026-06-25T17:00:00Z", {
        "id": 9899999001, "order_id": ORDER_IDS[0], "created_at": "2026-06-25T10:00:00-07:00",
        "processed_at": "2026-06-25T10:00:00-07:00", "note": "customer Zebulon called xq7-note", "restock": False,
        "refund_line_items": [], "transactions": [], "order_adjustments": []}, "refunds/create", "priv-r1"))
    shopify.append(_line("2026-06-26T17:00:00Z", {
        "id": 9799999001, "order_id": ORDER_IDS[1], "status": "success", "created_at": "2026-06-26T10:00:00-07:00",
        "updated_at": "2026-06-26T10:00:00-07:00", "service": "manual", "tracking_company": "USPS",
        "shipment_status": "in_transit", "destination": ADDRESS, "email": EMAIL,
        "line_items": [{"id": line["id"], "sku": line.get("sku"), "quantity": line["quantity"]}
                       for line in _order(base_order, ORDER_IDS[1], 2, True)["line_items"]]},
        "fulfillments/create", "priv-f1"))
    shopify.append(_line("2026-06-27T17:00:00Z", {
        "shop_id": 1, "shop_domain": "hotrodan.myshopify.com", "orders_requested": list(ORDER_IDS),
        "customer": {"id": CUSTOMER_ID, "email": EMAIL, "phone": PHONE}, "data_request": {"id": 77}},
        "customers/data_request", "priv-dr"))
    (directory / "shopify.ndjson").write_text("\n".join(shopify) + "\n")

    def contact(contact_id, name, attribute):
        sender = {"id": contact_id, "name": name, "email": EMAIL, "phone_number": PHONE, "type": "contact",
                  "identifier": f"{name} xq7-note", "custom_attributes": {}}
        if attribute:
            sender["custom_attributes"]["shopify_customer_id"] = CUSTOMER_ID
        return sender

    chatwoot = []
    for number, (conversation_id, sender) in enumerate(((99001, contact(999001, "Zebulon Quixotewright", True)),
                                                        (99002, contact(999002, "Zeb Q. Privacy", False))), start=1):
        created = 1782320000 + number * 3600  # 2026-06-24
        message = {"id": 9999000 + number, "content": "Where is my order?", "account_id": 1, "inbox_id": 1,
                   "conversation_id": conversation_id, "message_type": 0, "created_at": created, "private": False,
                   "status": "sent", "content_type": "text", "content_attributes": {}, "sender_type": "Contact",
                   "sender_id": sender["id"], "sender": sender}
        conversation = {"event": "conversation_created", "id": conversation_id, "inbox_id": 1,
                        "channel": "Channel::WebWidget", "status": "open", "priority": None, "labels": [],
                        "meta": {"sender": sender, "assignee": None}, "custom_attributes": {},
                        "contact_inbox": {"source_id": EMAIL}, "created_at": created, "updated_at": created + 0.25,
                        "last_activity_at": created, "timestamp": created, "first_reply_created_at": None,
                        "waiting_since": created, "messages": [message]}
        chatwoot.append(_line(f"2026-06-24T{10 + number}:00:00Z", conversation))
        chatwoot.append(_line(f"2026-06-24T{10 + number}:00:01Z", {
            "event": "message_created", "id": message["id"], "content": "Where is my order?",
            "created_at": f"2026-06-24T{10 + number}:00:00.000Z", "message_type": "incoming", "content_type": "text",
            "private": False, "sender": sender, "account": {"id": 1, "name": "Hot Rod AN"},
            "inbox": {"id": 1, "name": "Website chat"}, "conversation": {k: v for k, v in conversation.items()
                                                                         if k not in ("event", "messages")}}))
    (directory / "chatwoot.ndjson").write_text("\n".join(chatwoot) + "\n")


def redaction_file(directory):
    path = directory / "redact.ndjson"
    path.write_text(_line("2026-07-01T07:30:00Z", {
        "shop_id": 1, "shop_domain": "hotrodan.myshopify.com",
        "customer": {"id": CUSTOMER_ID, "email": EMAIL, "phone": PHONE},
        "orders_to_redact": [*ORDER_IDS, GUEST_ORDER_ID]}, "customers/redact", "priv-redact") + "\n")
    return path


def _text(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def scan(cur, relations: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """{relation: the needles found in any of its columns} over every row of every relation."""
    found = {}
    for catalog, schema, name in relations:
        cur.execute(f'select * from "{catalog}"."{schema}"."{name}"')
        hits = set()
        for row in cur.fetchall():
            text = " ".join(_text(v) for v in row if v is not None).lower()
            hits.update(needle for needle in NEEDLES if needle in text)
        if hits:
            found[f"{schema}.{name}"] = sorted(hits)
    return found


def relations(cur, excluded_schemas=("information_schema", "pg_catalog")) -> list[tuple[str, str, str]]:
    """Every table and view of the database (catalog, schema, name)."""
    cur.execute("select table_catalog, table_schema, table_name from information_schema.tables order by 1, 2, 3")
    return [(catalog, schema, name) for catalog, schema, name in cur.fetchall()
            if schema not in excluded_schemas and not schema.startswith("pg_")]


def sales(cur, schema: str) -> tuple:
    """The Sales report summed over every date, and the customer's counted orders and their revenue."""
    cur.execute(f"select {', '.join(f'sum({c})' for c in SALES_COLUMNS)}, count(*) from {schema}.sales_metrics_daily")
    totals = cur.fetchone()
    cur.execute(f"""select count(*), sum(gross_sales) from intermediate.int_orders__enriched
                    where order_id in {(*ORDER_IDS, GUEST_ORDER_ID)} and is_counted_order""")
    return tuple(Decimal(str(v)) if v is not None else None for v in (*totals, *cur.fetchone()))


def _base_order(cur) -> dict:
    cur.execute("""select payload from raw_shopify.webhook_events
                   where topic = 'orders/create' and event_id not like 'bad-%' order by received_at desc limit 1""")
    payload = cur.fetchone()[0]
    return payload if isinstance(payload, dict) else json.loads(payload)


def _data_request(env: dict, target: str) -> dict:
    proc = run([sys.executable, "-m", "hotrod.ingestion.privacy", "data-request", "--target", target,
                "--customer-id", str(CUSTOMER_ID)], env=env)
    return json.loads(proc.stdout)


def _check_data_request(answer: dict) -> None:
    """Before the redaction the answer holds the customer's deliveries and model rows, personal data included."""
    shopify = {row["event_id"] for row in answer["landing"]["raw_shopify.webhook_events"]}
    assert {"priv-c1", "priv-c2", "priv-o1", "priv-o2", "priv-r1", "priv-f1", "priv-dr"} <= shopify, shopify
    assert len(answer["landing"]["raw_chatwoot.webhook_events"]) == 4  # both contacts: a conversation and a message each
    assert "staging.stg_shopify__customers" in answer["models"]
    text = json.dumps(answer).lower()
    assert all(needle in text for needle in NEEDLES), [n for n in NEEDLES if n not in text]


def _check_redacted(before_sales, after_sales, found: dict, answer: dict) -> None:
    assert found == {}, f"personal data left after the redaction: {found}"
    assert after_sales == before_sales  # the Sales report and the customer's counted orders are unchanged
    assert after_sales[-2] == 3  # the customer's two orders and the guest order still count
    text = json.dumps(answer).lower()
    assert not [n for n in NEEDLES if n in text]
    assert {row["event_id"] for row in answer["landing"]["raw_shopify.webhook_events"]} >= {"priv-o1", "priv-redact"}


@pytest.mark.slow  # a dbt build of a generated dataset
def test_redaction_on_duckdb(tmp_path):
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp_path / "redaction.duckdb")}
    build = ["build", "--target", "ci", "--vars", VARS, "--exclude-resource-type", "test", "unit_test"]
    python_script("generate_data.py", "--target", "ci", "--replace", "--orders", ORDERS, "--seed", SEED,
                  "--end", AS_OF, env=env)
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        personal_data_files(_base_order(con.cursor()), tmp_path)
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(tmp_path / "shopify.ndjson"), env=env)
    python_script("load_webhooks.py", "--source", "chatwoot", "--account-id", "1", "--target", "ci",
                  str(tmp_path / "chatwoot.ndjson"), env=env)
    dbt(build, env=env, target_path=tmp_path / "first")

    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        cur = con.cursor()
        present = scan(cur, relations(cur))
        before = sales(cur, "main")
    # the scan sees the data where it is: the landing tables and the models that keep it
    assert {"raw_shopify.webhook_events", "raw_chatwoot.webhook_events", "staging.stg_shopify__customers",
            "staging.stg_shopify__orders", "staging.stg_chatwoot__conversations"} <= set(present), present
    _check_data_request(_data_request(env, "ci"))

    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(redaction_file(tmp_path)), env=env)
    result = dbt(build, env=env, target_path=tmp_path / "second")
    assert "privacy: applied 1 redaction request(s)" in result.stdout
    for model in ("stg_shopify__customers", "stg_shopify__orders", "stg_chatwoot__conversations"):
        [sql] = (tmp_path / "second" / "run").rglob(f"{model}.sql")
        assert "delete from" in sql.read_text().lower(), f"{model} was rebuilt, not run incrementally"
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        cur = con.cursor()
        found = scan(cur, relations(cur))
        after = sales(cur, "main")
    _check_redacted(before, after, found, _data_request(env, "ci"))
    # a later run has nothing left to apply, and a full refresh finds nothing either
    result = dbt([*build, "--full-refresh"], env=env, target_path=tmp_path / "third")
    assert "privacy: applied" not in result.stdout
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        cur = con.cursor()
        assert scan(cur, relations(cur)) == {}


@pytest.mark.postgres
def test_redaction_on_postgres(pg_server, tmp_path):
    env = fresh_pg_database(pg_server, "hotrod_privacy", tmp_path / "roles")
    build_prod = [str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS]
    python_script("generate_data.py", "--target", "pg", "--replace", "--orders", ORDERS, "--seed", SEED,
                  "--end", AS_OF, env=env)
    con = pg_connect(env)
    try:
        personal_data_files(_base_order(con.cursor()), tmp_path)
    finally:
        con.close()
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(tmp_path / "shopify.ndjson"), env=env)
    python_script("load_webhooks.py", "--source", "chatwoot", "--account-id", "1", "--target", "pg",
                  str(tmp_path / "chatwoot.ndjson"), env=env)
    run(build_prod, env=env)

    def snapshot():
        con = pg_connect(env)
        try:
            cur = con.cursor()
            return scan(cur, relations(cur)), sales(cur, "public")
        finally:
            con.close()

    present, before = snapshot()
    assert {"raw_shopify.webhook_events", "raw_chatwoot.webhook_events", "staging.stg_shopify__customers",
            "staging.stg_shopify__orders", "staging.stg_chatwoot__conversations"} <= set(present), present
    _check_data_request(_data_request(env, "pg"))

    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(redaction_file(tmp_path)), env=env)
    result = run(build_prod, env=env)
    assert "privacy: applied 1 redaction request(s)" in result.stdout + result.stderr
    found, after = snapshot()
    _check_redacted(before, after, found, _data_request(env, "pg"))
