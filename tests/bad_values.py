"""Deliveries carrying the bad values of issue 16 (items 2-5), shared by the DuckDB and PostgreSQL tests.

Each is a Shopify `orders/create` received after the generated data (so an
incremental run stages it), with the check of v_data_quality_checks that must
name it. None of them may stop a build: try_cast turns the value into null,
the row is flagged, and the build publishes.
"""

from __future__ import annotations

import json
from pathlib import Path

RECEIVED_AT = "2026-07-01T12:00:00Z"  # after every generated delivery (they end on 2026-06-30, shop time)


def _order(order_id: int, *, created_at="2026-06-29T09:00:00-07:00", subtotal="20.00", quantity=2,
           line_id=None, lines=None) -> dict:
    line = {"id": line_id or order_id * 10, "sku": "BAD-VALUE-1", "title": "Bad value", "quantity": quantity,
            "price": "10.00", "discount_allocations": [], "product_id": None, "variant_id": None}
    return {"id": order_id, "name": f"#B{order_id}", "order_number": order_id, "customer": {"id": 1},
            "created_at": created_at, "updated_at": "2026-06-29T09:00:00-07:00",
            "processed_at": created_at, "financial_status": "paid", "fulfillment_status": None, "test": False,
            "cancelled_at": None, "subtotal_price": subtotal, "total_line_items_price": subtotal,
            "total_discounts": "0.00", "total_tax": "0.00", "total_price": subtotal,
            "line_items": lines if lines is not None else [line]}


def delivery(event_id: str, body: dict, topic: str = "orders/create", received_at: str = RECEIVED_AT) -> str:
    return json.dumps({"received_at": received_at, "body": body,
                       "headers": {"X-Shopify-Topic": topic, "X-Shopify-Event-Id": event_id}})


# (event id, order, the checks of v_data_quality_checks that must name it: status fail, or warn for
# rejected_webhook_payloads, whose tolerance is 1% of deliveries)
BAD_VALUES = [
    ("bad-quantity", _order(880000001, quantity=12345678901),  # out of int4's range
     {"order_lines_non_positive_quantity", "not_null_stg_shopify__order_lines_quantity"}),
    # numeric overflow, no such day, no such offset: subtotal_price and created_at are required of an
    # order, so these deliveries are rejections (int_webhook_rejections: "missing or unparseable required field")
    ("bad-subtotal", _order(880000002, subtotal="1e400"), {"rejected_webhook_payloads"}),
    ("bad-day", _order(880000003, created_at="2026-02-30T09:00:00-07:00"), {"rejected_webhook_payloads"}),
    ("bad-offset", _order(880000004, created_at="2026-06-29T09:00:00+99:00"), {"rejected_webhook_payloads"}),
    ("year-one", _order(880000005, created_at="0001-01-01T00:00:00+00:00"),  # before the shop's first day
     {"implausible_order_timestamps"}),
    ("no-offset", _order(880000006, created_at="2026-06-29T09:00:00"),  # zone unknown
     {"implausible_order_timestamps"}),
    ("future", _order(880000007, created_at="2026-07-09T09:00:00-07:00"),  # a week after its delivery
     {"implausible_order_timestamps"}),
]
BAD_ORDER_IDS = [order["id"] for _, order, _ in BAD_VALUES]
# a correction of the bad quantity: the order's next version, delivered later
CORRECTION = ("bad-quantity-fixed", dict(_order(880000001, quantity=2), updated_at="2026-06-29T10:00:00-07:00"),
              "2026-07-01T13:00:00Z")
# a blocking failure: two lines of one order share an id, which breaks the serving layer's keys
DUPLICATE_LINE_IDS = ("duplicate-line-ids", _order(880000008, lines=[
    {"id": 880000080, "sku": "DUP-1", "title": "Dup", "quantity": 1, "price": "5.00", "discount_allocations": []},
    {"id": 880000080, "sku": "DUP-2", "title": "Dup", "quantity": 1, "price": "5.00", "discount_allocations": []},
], subtotal="10.00"))


def write_bad_values(path: Path) -> Path:
    path.write_text("\n".join(delivery(event_id, order) for event_id, order, _ in BAD_VALUES) + "\n")
    return path


def write_correction(path: Path) -> Path:
    event_id, order, received_at = CORRECTION
    path.write_text(delivery(event_id, order, topic="orders/updated", received_at=received_at) + "\n")
    return path


def write_duplicate_line_ids(path: Path) -> Path:
    event_id, order = DUPLICATE_LINE_IDS
    path.write_text(delivery(event_id, order, received_at="2026-07-01T14:00:00Z") + "\n")  # after the correction
    return path


def expected_failures() -> set[str]:
    return set().union(*(checks for _, _, checks in BAD_VALUES)) - {"rejected_webhook_payloads"}


def assert_named(checks: dict[str, tuple], rejected_before: int) -> None:
    """checks: check_name -> (status, severity, failing_rows, ...) as v_data_quality_checks shows them."""
    failing = {name for name, row in checks.items() if row[0] == "fail"}
    assert expected_failures() <= failing, expected_failures() - failing
    assert checks["implausible_order_timestamps"][2] == 3  # year 1, no offset, a week ahead
    assert checks["rejected_webhook_payloads"][0] in ("warn", "fail")
    assert checks["rejected_webhook_payloads"][2] == rejected_before + 3  # the overflow, the impossible day and offset
