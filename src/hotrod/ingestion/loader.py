"""Load captured webhook deliveries (newline-delimited JSON) into the landing tables.

Each line of a file is one delivery::

    {"received_at": "<ISO 8601>", "headers": {"X-Shopify-Topic": ..., ...}, "body": {...}}

Header names are case-insensitive. Chatwoot lines need no headers: the event
name is in the body (a body that is not a JSON object names none: it is stored
with the event ``(none)``, and staging rejects and counts it). A Chatwoot delivery belongs to one account, which its
conversation bodies do not name (message bodies carry ``account.id``): the
receiving endpoint knows it, and ``account_id`` here gives it for a file. Every file is validated before anything is written; a bad
line is reported as ``FILE:LINE: reason`` and nothing is written at all, so a
load is all or nothing. A line is accepted only when both engines store it
alike, so what loads in dev loads in production: UTF-8 text, strict JSON (no
``NaN`` or ``Infinity``, numbers within a double's range), objects and arrays
nested at most ``MAX_DEPTH`` deep, no ``\u0000`` (PostgreSQL's jsonb cannot
hold it) and no lone surrogate (not Unicode), header values that are strings. Loading the same file twice is harmless: a
delivery already landed (the same event id received at the same instant) is not written again, and the staging
models de-duplicate the deliveries of one event on its id (Shopify's ``X-Shopify-Event-Id``; for Chatwoot its
``X-Chatwoot-Delivery`` header where a line carries one, else a SHA-256 of the body).

:func:`landing_row` turns one delivery into its landing row; the webhook
receiver (:mod:`hotrod.ingestion.receiver`) stores exactly the row this
function makes, so a delivery received over HTTP lands as it would from a file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa

from hotrod.ingestion import landing

SOURCES = ("shopify", "chatwoot")
MAX_REPORTED_ERRORS = 50
#: the deepest nesting of objects and arrays accepted (Shopify's payloads nest about 6 deep)
MAX_DEPTH = 64
#: the Chatwoot event of a body that is not a JSON object (it names no event; staging rejects and counts it)
NO_EVENT = "(none)"


class LoadError(Exception):
    """The input cannot be loaded; ``problems`` lists every bad line found."""

    def __init__(self, problems: list[str], total: int):
        self.problems = problems
        self.total = total
        shown = "\n".join(problems)
        more = f"\n... and {total - len(problems)} more" if total > len(problems) else ""
        super().__init__(f"{total} bad line(s); nothing was loaded:\n{shown}{more}")


@dataclass
class ParsedFiles:
    source: str
    columns: dict[str, list] = field(default_factory=dict)
    lines: int = 0
    files: int = 0

    def add(self, row: dict) -> None:
        """Append one landing row (as :func:`landing_row` makes it)."""
        self.lines += 1
        for key, value in row.items():
            self.columns.setdefault(key, []).append(value)

    def to_arrow(self) -> pa.Table:
        table = landing_table(self.source)
        schema_types = {"text": pa.string(), "timestamptz": pa.timestamp("us", tz="UTC"), "json": pa.string(), "bigint": pa.int64()}
        arrays = {c.name: pa.array(self.columns.get(c.name, []), type=schema_types[c.type]) for c in table.columns}
        return pa.table(arrays)


def _parse_timestamp(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            return None
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # OverflowError: the offset moves it out of years 1-9999
        return None


class Refused(ValueError):
    """Text that is not strict JSON, or JSON one of the engines cannot store alike (the reason is the message)."""


class _Refused(Refused):
    """A value strict JSON or one of the engines does not take (raised while parsing a line)."""


def _refuse_constant(name: str):
    raise _Refused(f"{name} is not JSON (no engine stores it as a number)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:40]} is out of a double's range")
    return value


def _strict_json(raw: str):
    """json.loads that refuses NaN, Infinity, numbers beyond a double and text beyond MAX_DEPTH."""
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except _Refused:
        raise
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise _Refused(str(exc).split(";")[0]) from None
    _check_values(value)
    return value


def _check_values(value) -> None:
    """Depth, NUL characters and lone surrogates anywhere in a parsed delivery (iteratively)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels")
            children = item.items() if isinstance(item, dict) else ((None, v) for v in item)
            for key, child in children:
                if key is not None:
                    _check_text(key, "a key")
                stack.append((child, depth + 1))
        elif isinstance(item, str):
            _check_text(item, "a string")


def _check_text(text: str, what: str) -> None:
    if "\x00" in text:
        raise _Refused(f"{what} holds \\u0000 (NUL), which PostgreSQL cannot store")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # only a surrogate cannot be encoded
            raise _Refused(f"{what} holds a lone surrogate \\u{ord(text[exc.start]):04x}, which is not Unicode") from None


def strict_json(text: str):
    """Parse ``text`` by the loader's rules (strict JSON both engines store alike); raise :class:`Refused`.

    The reason of a text that is not JSON at all starts with ``not JSON``."""
    try:
        return _strict_json(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"not JSON ({exc.msg} at column {exc.colno})") from None


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_hash(body) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def chatwoot_event_id(headers: Mapping[str, str | None], body) -> str:
    """A Chatwoot delivery's event id: its ``X-Chatwoot-Delivery`` header (a UUID per delivery, kept by a
    retry) where one was sent, else the SHA-256 of the canonical body. ``headers`` have lower-case names."""
    delivery = headers.get("x-chatwoot-delivery")
    if isinstance(delivery, str) and delivery.strip():
        return delivery.strip()
    return body_hash(body)


def landing_row(source: str, received_at: datetime, headers: Mapping[str, str | None], body,
                account_id: int | None = None) -> tuple[dict | None, str | None]:
    """The landing row of one delivery, or (None, reason) when it cannot be stored as one.

    ``headers`` are the delivery's headers (names in any case), ``body`` its parsed JSON (any value:
    staging rejects and counts a body that is not an object), ``account_id`` the Chatwoot account
    the receiving endpoint or the file belongs to."""
    headers = {str(k).lower(): v for k, v in headers.items()}
    payload_text = json.dumps(body, ensure_ascii=False)

    if source == "shopify":
        topic = headers.get("x-shopify-topic")
        if not isinstance(topic, str) or not topic.strip():
            return None, "no topic (X-Shopify-Topic header)"
        topic = topic.strip()
        event_id = headers.get("x-shopify-event-id")
        if event_id in (None, ""):
            # Older API versions send no event id: the same content is the same event.
            event_id = "sha256:" + hashlib.sha256((topic + "\n" + canonical_json(body)).encode()).hexdigest()
        triggered_raw = headers.get("x-shopify-triggered-at")
        triggered_at = _parse_timestamp(triggered_raw) if triggered_raw else None
        if triggered_raw and triggered_at is None:
            return None, f"X-Shopify-Triggered-At is not an ISO 8601 timestamp: {triggered_raw!r}"
        return {
            "event_id": str(event_id),
            "webhook_id": None if headers.get("x-shopify-webhook-id") is None else str(headers["x-shopify-webhook-id"]),
            "topic": topic,
            "shop_domain": headers.get("x-shopify-shop-domain"),
            "api_version": headers.get("x-shopify-api-version"),
            "triggered_at": triggered_at,
            "received_at": received_at,
            "payload": payload_text,
        }, None

    if isinstance(body, dict):
        event = body.get("event")
        if not isinstance(event, str) or not event.strip():
            return None, "no topic (the Chatwoot body has no event name)"
        event = event.strip()
        account = body.get("account") if isinstance(body.get("account"), dict) else {}
        body_account = account.get("id")
        try:
            body_account = None if body_account is None else int(body_account)
        except (TypeError, ValueError):
            body_account = None
    else:  # not an object: it names no event; stored so that staging counts it
        event, body_account = NO_EVENT, None
    if account_id is not None and body_account is not None and body_account != account_id:
        return None, f"the body's account.id is {body_account}, not the --account-id {account_id} given for the file"
    return {
        "event_id": chatwoot_event_id(headers, body),
        "event": event,
        "account_id": account_id if account_id is not None else body_account,
        "received_at": received_at,
        "payload": payload_text,
    }, None


def _parse_line(source: str, raw: str, account_id: int | None = None) -> tuple[dict | None, str | None]:
    """Return (row, None) for a good delivery or (None, reason) for a bad one."""
    try:
        delivery = strict_json(raw)
    except Refused as exc:
        return None, str(exc)
    if not isinstance(delivery, dict):
        return None, "a delivery must be a JSON object with received_at and body"
    if "body" not in delivery or delivery["body"] is None:
        return None, "no body"
    received_at = _parse_timestamp(delivery.get("received_at"))
    if received_at is None:
        return None, f"received_at is missing or not an ISO 8601 timestamp with an offset: {delivery.get('received_at')!r}"
    raw_headers = delivery.get("headers") or {}
    if not isinstance(raw_headers, dict):
        return None, "headers must be a JSON object"
    for name, value in raw_headers.items():
        if value is not None and not isinstance(value, str):
            return None, f"header {name} is {type(value).__name__ if not isinstance(value, (int, float)) else 'a number'}, not a string"
    return landing_row(source, received_at, raw_headers, delivery["body"], account_id)


def parse_files(source: str, paths: Iterable[Path], progress=None, account_id: int | None = None) -> ParsedFiles:
    """Validate and parse every line of every file; raise LoadError listing bad lines.

    ``account_id`` (Chatwoot only) is the account every delivery of the files belongs to."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if account_id is not None and source != "chatwoot":
        raise ValueError("an account id is given for Chatwoot deliveries only")
    parsed = ParsedFiles(source=source)
    problems: list[str] = []
    total_problems = 0
    for path in paths:
        path = Path(path)
        parsed.files += 1
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise LoadError([f"{path}: cannot read: {exc.strerror}"], 1) from exc
        with handle:
            for number, raw_bytes in enumerate(handle, start=1):
                if progress is not None:
                    progress.update(1)
                try:
                    raw = raw_bytes.decode("utf-8")
                except UnicodeDecodeError as exc:
                    row, reason = None, (f"not UTF-8 (byte 0x{raw_bytes[exc.start]:02x} at column {exc.start + 1}: "
                                         f"{exc.reason})")
                else:
                    if not raw.strip():
                        continue
                    row, reason = _parse_line(source, raw, account_id)
                if reason is not None:
                    total_problems += 1
                    if len(problems) < MAX_REPORTED_ERRORS:
                        problems.append(f"{path}:{number}: {reason}")
                    continue
                parsed.add(row)
    if total_problems:
        raise LoadError(problems, total_problems)
    return parsed


def landing_table(source: str) -> landing.LandingTable:
    return landing.SHOPIFY_EVENTS if source == "shopify" else landing.CHATWOOT_EVENTS


@dataclass
class LoadResult:
    written: int
    #: deliveries in the files (those written, and those landed already, which are skipped)
    lines: int = 0
    #: the newest received_at already staged by the incremental webhook events model (None before a first build)
    staged_through: datetime | None = None
    #: deliveries written that were received before ``staged_through``: a backfill the next incremental
    #: build does not pick up (``dbt build --full-refresh --select <staged_model>+`` does)
    older_than_staged: int = 0


def staged_model(source: str) -> str:
    return f"stg_{source}__webhook_events"


def _staged_through(conn, source: str) -> datetime | None:
    """The watermark of the incremental staging model, or None when it has not been built."""
    cur = conn.cursor()
    try:
        cur.execute(f"select max(received_at) from staging.{staged_model(source)}")
        return cur.fetchone()[0]
    except Exception:  # not built yet on this target: no watermark
        try:
            conn.rollback()  # Postgres: leave the failed transaction
        except Exception:
            pass
        return None
    finally:
        cur.close()


def load(source: str, paths: list[Path], target, progress=None, account_id: int | None = None) -> LoadResult:
    """Validate ``paths``, then append them to the source's landing table of ``target``
    (a :class:`hotrod.targets.Target`) in one transaction."""
    parsed = parse_files(source, paths, progress=progress, account_id=account_id)
    conn = target.connect()
    try:
        landing.ensure_landing_tables(conn, target.type)
        staged_through = _staged_through(conn, source)
        written = landing.append_new_deliveries(conn, target.type, landing_table(source), parsed.to_arrow())
    finally:
        conn.close()
    older = 0
    if staged_through is not None:
        older = sum(1 for received in written if received < staged_through)
    return LoadResult(written=len(written), lines=parsed.lines, staged_through=staged_through,
                      older_than_staged=older)
