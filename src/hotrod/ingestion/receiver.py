"""The production webhook receiver: authenticates every delivery and loses none it acknowledged.

``hotrod-receiver --target TARGET --host HOST --port PORT`` serves

- ``POST /webhooks/shopify`` and ``POST /webhooks/chatwoot/{account_id}``;
- ``GET /healthz``;
- ``GET /metrics`` (Prometheus text format).

A delivery is checked in this order (docs/receiver.md has the table of answers):

1. its body is read up to the body limit (5 MiB): beyond it, 413;
2. its signature is verified on the raw bytes (:mod:`hotrod.ingestion.signatures`):
   missing, bad, or (Chatwoot) outside the replay window, 401; nothing is stored;
3. its landing row is made by the loader's own :func:`hotrod.ingestion.loader.landing_row`,
   so it lands exactly as it would from a captured file; a body the loader would
   refuse (not UTF-8, not strict JSON, JSON that PostgreSQL's jsonb cannot hold,
   a Chatwoot body naming no event) is stored as one JSON string holding its text
   (``base64:`` and the bytes in base64 where the text is not UTF-8 or holds a NUL),
   so that staging rejects and counts it and the sender does not retry it forever;
4. it is made durable (:class:`Durability`), and only then answered 200.

Durability: deliveries wait in memory for the next group commit, one
transaction for every delivery that arrived while the previous commit ran;
each answer waits for its own batch. A batch the landing table has not
committed within ``--commit-timeout`` (or cannot commit: PostgreSQL is down)
is appended to the local spool and fsync'd instead (:mod:`hotrod.ingestion.spool`),
and answered from there, as are the batches that follow while that commit is
under way (slow) or the landing table does not answer (down). A background
task drains the spool into the landing table in passes, oldest first; once
the spool holds no more than one drain batch, that tail lands in the
transaction of the next batch, ahead of it. So deliveries reach the landing
table in the order of their ``received_at``, which staging's watermark
relies on. Spooled rows are inserted only where the landing table does not
hold them (same event id and ``received_at``) and deleted from the spool
after the commit: a crash anywhere repeats nothing. A restart drains the spool before it answers anything. Every
``received_at`` a receiver stamps is unique (microseconds, strictly increasing).

In development (``--ndjson-dir DIR``) batches are appended to NDJSON files in
the loader's format instead of a database (:class:`hotrod.ingestion.sinks.NdjsonFiles`).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import logging
import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from hotrod import arguments
from hotrod.ingestion import loader, signatures
from hotrod.ingestion.sinks import Delivery, NdjsonFiles, PostgresLanding
from hotrod.ingestion.spool import Spool

log = logging.getLogger("hotrod.receiver")

DEFAULT_BODY_LIMIT = 5 * 1024 * 1024
SECRET_VARIABLES = {"shopify": "SHOPIFY_WEBHOOK_SECRETS", "chatwoot": "CHATWOOT_WEBHOOK_SECRETS"}
#: the headers of a delivery that are kept (in the NDJSON mode's lines): the sender's own
HEADER_PREFIXES = {"shopify": "x-shopify-", "chatwoot": "x-chatwoot-"}
#: Shopify topic resources staging reads (stg_shopify__webhook_events' resource_type), and the
#: mandatory compliance topics (staged as privacy requests); any other topic is stored and counted
SHOPIFY_RESOURCES = ("orders", "products", "customers", "fulfillments", "refunds", "inventory_items", "inventory_levels")
COMPLIANCE_TOPICS = ("customers/data_request", "customers/redact", "shop/redact")
#: Chatwoot events staging reads (stg_chatwoot__webhook_events' resource_type)
CHATWOOT_EVENTS = ("message_created", "message_updated")
CHATWOOT_EVENT_PREFIX = "conversation_"


def known_topic(source: str, row: dict) -> bool:
    if source == "shopify":
        topic = row["topic"]
        return topic in COMPLIANCE_TOPICS or topic.split("/", 1)[0] in SHOPIFY_RESOURCES
    event = row["event"]
    return event.startswith(CHATWOOT_EVENT_PREFIX) or event in CHATWOOT_EVENTS


def rejected_text(raw: bytes) -> str:
    """The stored form of a body the loader would refuse: its text, as one JSON string value."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        return "base64:" + base64.b64encode(raw).decode("ascii")
    return text


def build_delivery(source: str, account_id: int | None, received_at: datetime, headers, raw: bytes
                   ) -> tuple[Delivery | None, str | None]:
    """(the delivery to store, the rejection it is counted as or None); (None, reason) when it is refused."""
    prefix = HEADER_PREFIXES[source]
    kept = {name: value for name, value in headers.items() if name.lower().startswith(prefix)}
    rejection = None
    try:
        body = loader.strict_json(raw.decode("utf-8"))
    except UnicodeDecodeError:
        body, rejection = rejected_text(raw), "not_utf8"
    except loader.Refused as exc:
        body, rejection = rejected_text(raw), "not_json" if str(exc).startswith("not JSON") else "unstorable_json"
    else:
        if not isinstance(body, dict):
            rejection = "not_object"
    row, why = loader.landing_row(source, received_at, kept, body, account_id)
    if row is None and source == "chatwoot" and rejection is None and "no topic" in why:
        body, rejection = rejected_text(raw), "no_event"
        row, why = loader.landing_row(source, received_at, kept, body, account_id)
    if row is None:
        return None, "bad_headers" if source == "shopify" else "account_mismatch"
    if rejection is None and not known_topic(source, row):
        rejection = "unknown_topic"
    return Delivery(source, received_at, kept, body, row, account_id), rejection


class MonotonicClock:
    """UTC now, in microseconds, strictly increasing: every delivery a receiver stamps is told apart."""

    def __init__(self, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self._now = now
        self._last: datetime | None = None

    def __call__(self) -> datetime:
        stamp = self._now()
        if self._last is not None and stamp <= self._last:
            stamp = self._last + timedelta(microseconds=1)
        self._last = stamp
        return stamp


class Metrics:
    """The receiver's Prometheus metrics, in a registry of its own."""

    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        self.accepted = Counter("hotrod_receiver_accepted", "Deliveries acknowledged (2xx), by where they were stored",
                                ["source", "stored_in"], registry=self.registry)
        self.rejected = Counter("hotrod_receiver_rejected", "Deliveries rejected, by reason (docs/receiver.md: "
                                "whether each reason is stored and acknowledged, or refused)",
                                ["source", "reason"], registry=self.registry)
        self.spool_depth = Gauge("hotrod_receiver_spool_depth", "Deliveries in the local spool, not yet in the landing table",
                                 registry=self.registry)
        self.database_up = Gauge("hotrod_receiver_database_up", "1 while batches commit to the landing table directly",
                                 registry=self.registry)
        self.commit_seconds = Histogram(
            "hotrod_receiver_commit_seconds", "Time to make one batch durable, by store (landing, spool, ndjson, drain)",
            ["store"], registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.batch_size = Histogram("hotrod_receiver_batch_size", "Deliveries per group commit", registry=self.registry,
                                    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))
        self.drained = Counter("hotrod_receiver_drained", "Spooled deliveries drained into the landing table",
                               registry=self.registry)
        self.slow_commits = Counter("hotrod_receiver_slow_commits", "Commits that took longer than --commit-timeout "
                                    "(their batch was spooled)", registry=self.registry)


#: how long a thread holds the GIL before another may take it (CPython's default is 5 ms)
GIL_SWITCH_INTERVAL_S = 0.0005

class Unavailable(Exception):
    """The delivery could not be made durable (answered 503: the sender retries)."""


class Durability:
    """Group commit to the landing table, the spool while it is away or slow, and the spool's drain."""

    def __init__(self, metrics: Metrics, *, landing: PostgresLanding | None = None, spool: Spool | None = None,
                 ndjson: NdjsonFiles | None = None, commit_timeout: float = 0.05, max_batch: int = 1000,
                 max_pending: int = 50_000, drain_batch: int = 1000, drain_interval: float = 0.25):
        if (landing is None) == (ndjson is None) or (landing is not None and spool is None):
            raise ValueError("a landing table with a spool, or NDJSON files")
        self.metrics = metrics
        self.landing, self.spool, self.ndjson = landing, spool, ndjson
        self.commit_timeout, self.max_batch, self.max_pending = commit_timeout, max_batch, max_pending
        self.drain_batch, self.drain_interval = drain_batch, drain_interval
        self._pending: list[tuple[Delivery, asyncio.Future]] = []
        self._wake: asyncio.Event | None = None
        self._db_exec = ThreadPoolExecutor(1, thread_name_prefix="hotrod-landing")
        self._file_exec = ThreadPoolExecutor(1, thread_name_prefix="hotrod-spool")
        # the drain reads and deletes spooled rows on its own thread (and SQLite connection): appends never wait
        # behind it
        self._drain_exec = ThreadPoolExecutor(1, thread_name_prefix="hotrod-drain")
        self._db_job: asyncio.Future | None = None
        self._db_ok = False
        self._tasks: list[asyncio.Task] = []
        self._stopping = False
        self._last_slow_warning = float("-inf")

    # -- state -------------------------------------------------------------
    @property
    def database_up(self) -> bool:
        return self._db_ok

    @property
    def spool_depth(self) -> int:
        return self.spool.depth if self.spool is not None else 0

    def _set_db(self, ok: bool, why: str = "") -> None:
        if ok != self._db_ok:
            if ok:
                log.info("landing table reachable: committing directly", extra={"event": "database_up"})
            else:
                log.warning(f"spooling: {why}", extra={"event": "database_down"})
        self._db_ok = ok
        self.metrics.database_up.set(1 if ok else 0)

    def _run(self, executor, fn, *args):
        return asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    # -- lifecycle ---------------------------------------------------------
    async def start(self) -> None:
        """Drain the spool first (when the landing table answers), then start the writer and the drainer."""
        self._wake = asyncio.Event()
        if self.landing is not None:
            self.metrics.spool_depth.set(self.spool.depth)
            try:
                await self._run(self._db_exec, self.landing.ping)
                self._set_db(True)
            except Exception as exc:
                self._set_db(False, f"the landing table cannot be reached ({_one_line(exc)})")
            if self._db_ok and self.spool.depth:
                log.info(f"draining {self.spool.depth} spooled deliveries before answering", extra={"event": "drain"})
                with contextlib.suppress(Exception):
                    await self.drain()
            self._tasks.append(asyncio.create_task(self._drainer()))
        self._tasks.append(asyncio.create_task(self._writer()))

    async def stop(self) -> None:
        """Finish every batch already received, then stop (the spool keeps what the landing table has not)."""
        self._stopping = True
        self._wake.set()
        while self._pending:
            await asyncio.sleep(0.01)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for executor in (self._db_exec, self._file_exec, self._drain_exec):
            executor.shutdown(wait=True)
        for store in (self.landing, self.spool, self.ndjson):
            if store is not None:
                store.close()

    # -- the write path ----------------------------------------------------
    async def store(self, delivery: Delivery) -> str:
        """Make ``delivery`` durable with the next batch; returns where (landing, spool, ndjson)."""
        if len(self._pending) >= self.max_pending:
            raise Unavailable("too many deliveries waiting to be stored")
        future = asyncio.get_running_loop().create_future()
        self._pending.append((delivery, future))
        self._wake.set()
        return await future

    async def _writer(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                self.metrics.batch_size.observe(len(batch))
                try:
                    where = await self._commit([delivery for delivery, _ in batch])
                except Exception as exc:
                    log.error(f"a batch of {len(batch)} could not be made durable: {_one_line(exc)}",
                              extra={"event": "store_failed"})
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(Unavailable(str(exc)))
                else:
                    for _, future in batch:
                        if not future.done():
                            future.set_result(where)

    def _direct(self) -> bool:
        # Deliveries reach the landing table in the order of their received_at: staging's watermark is the
        # newest received_at it staged (docs/incremental.md), so a spooled delivery committed after a newer
        # direct one could be passed over by a build that ran in between. A batch commits to the landing
        # table only when no earlier commit is under way and the spool holds at most one drain batch: that
        # tail of the spool lands in the same transaction, ahead of it (_land). Otherwise it is spooled
        # behind the others, and the drain lands them oldest first.
        return self._db_ok and self._db_job is None and self.spool.depth <= self.drain_batch

    async def _commit(self, deliveries: list[Delivery]) -> str:
        started = time.perf_counter()
        if self.ndjson is not None:
            await self._run(self._file_exec, self.ndjson.append, deliveries)
            self.metrics.commit_seconds.labels("ndjson").observe(time.perf_counter() - started)
            return "ndjson"
        rows = [(delivery.source, delivery.row) for delivery in deliveries]
        if self._direct():
            try:
                landed = await self._land(rows)
            except Exception as exc:
                self._set_db(False, f"a commit failed ({_one_line(exc)})")
            else:
                if landed:
                    self.metrics.commit_seconds.labels("landing").observe(time.perf_counter() - started)
                    return "landing"
        await self._run(self._file_exec, self.spool.append, rows)
        self.metrics.commit_seconds.labels("spool").observe(time.perf_counter() - started)
        self.metrics.spool_depth.set(self.spool.depth)
        return "spool"

    async def _land(self, rows: list[tuple[str, dict]]) -> bool:
        """Commit the spool's tail (at most one drain batch, oldest first) and ``rows`` in one transaction;
        False when the commit is slow (it goes on; the caller spools ``rows`` meanwhile)."""
        tail = await self._run(self._drain_exec, self.spool.oldest, self.drain_batch) if self.spool.depth else []
        spooled = [(source, row) for _, source, row in tail]
        job = self._run(self._db_exec, self.landing.insert_after, spooled, rows)
        self._db_job = job
        job.add_done_callback(self._landing_job_done)
        try:
            await asyncio.wait_for(asyncio.shield(job), self.commit_timeout)
        except asyncio.TimeoutError:
            # slow, not down: this batch is spooled, and so are the next ones until the commit under way
            # ends (then the spool's tail lands ahead of the next batch, or the drain takes it)
            self.metrics.slow_commits.inc()
            self._warn_slow()
            return False
        self._db_job = None
        if tail:
            await self._forget(tail)
        return True

    async def _forget(self, landed: list[tuple[int, str, dict]]) -> None:
        """Delete spooled rows (as `Spool.oldest` returned them) the landing table has committed."""
        await self._run(self._drain_exec, self.spool.delete, [spool_id for spool_id, _, _ in landed])
        self.metrics.drained.inc(len(landed))
        self.metrics.spool_depth.set(self.spool.depth)

    def _warn_slow(self) -> None:
        now = time.monotonic()
        if now - self._last_slow_warning >= 10:
            self._last_slow_warning = now
            log.warning(f"a commit took longer than {self.commit_timeout * 1000:.0f} ms: its batch and the batches "
                        f"received meanwhile were spooled (hotrod_receiver_slow_commits_total counts them)",
                        extra={"event": "slow_commit"})

    def _landing_job_done(self, job: asyncio.Future) -> None:
        if self._db_job is job:
            self._db_job = None
        if not job.cancelled() and job.exception() is not None:
            self._set_db(False, f"a commit failed ({_one_line(job.exception())})")

    # -- the drain ---------------------------------------------------------
    async def _drainer(self) -> None:
        while True:
            await asyncio.sleep(self.drain_interval)
            if self._db_job is not None or (self._db_ok and self.spool.depth == 0):
                continue
            try:
                if self.spool.depth:
                    await self.drain()
                else:
                    await self._run(self._db_exec, self.landing.ping)
                    self._set_db(True)
            except Exception as exc:
                self._set_db(False, f"the landing table cannot be reached ({_one_line(exc)})")

    async def drain(self) -> int:
        """Move the spooled deliveries into the landing table, oldest first, until a batch comes back short
        (under load, the tail spooled meanwhile lands ahead of the next batch: _land); returns how many."""
        drained = 0
        while rows := await self._run(self._drain_exec, self.spool.oldest, self.drain_batch):
            started = time.perf_counter()
            await self._run(self._db_exec, self.landing.insert_missing, [(source, row) for _, source, row in rows])
            self.metrics.commit_seconds.labels("drain").observe(time.perf_counter() - started)
            await self._forget(rows)
            drained += len(rows)
            if len(rows) < self.drain_batch:
                break
        self._set_db(True)
        if drained:
            log.info(f"drained {drained} spooled deliveries", extra={"event": "drained", "count": drained})
        return drained


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@dataclass
class ReceiverConfig:
    secrets: dict[str, tuple[bytes, ...]] = field(default_factory=dict)
    #: development only: no signature is checked, and every request logs a warning
    insecure_no_auth: bool = False
    body_limit: int = DEFAULT_BODY_LIMIT
    replay_window_s: int = signatures.REPLAY_WINDOW_S


async def _read_limited(request, limit: int) -> bytes | None:
    """The body, or None when it is larger than ``limit`` bytes (read no further than that)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(config: ReceiverConfig, durability: Durability, metrics: Metrics | None = None,
               clock: Callable[[], datetime] | None = None, wall_clock: Callable[[], float] = time.time):
    """The ASGI application. ``clock`` stamps ``received_at`` (default: :class:`MonotonicClock`);
    ``wall_clock`` is the epoch time Chatwoot's replay window is measured against."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    metrics = metrics or durability.metrics
    clock = clock or MonotonicClock()

    def refuse(source: str, reason: str, status: int) -> Response:
        metrics.rejected.labels(source, reason).inc()
        log.warning(f"{source} delivery refused: {reason}", extra={"event": "refused", "source": source,
                                                                     "reason": reason, "status": status})
        return JSONResponse({"error": reason}, status_code=status)

    def authenticate(source: str, raw: bytes, headers) -> signatures.Verdict:
        if config.insecure_no_auth:
            log.warning(f"authentication is off (--dev-insecure-no-auth): this {source} delivery was not verified",
                        extra={"event": "unauthenticated", "source": source})
            return signatures.OK
        secrets = config.secrets.get(source, ())
        if not secrets:
            return signatures.Verdict(False, "no_secret_configured")
        if source == "shopify":
            return signatures.verify_shopify(secrets, raw, headers.get("x-shopify-hmac-sha256"))
        return signatures.verify_chatwoot(secrets, raw, headers.get("x-chatwoot-timestamp"),
                                          headers.get("x-chatwoot-signature"), wall_clock(), config.replay_window_s)

    async def receive(request, source: str, account_id: int | None) -> Response:
        raw = await _read_limited(request, config.body_limit)
        if raw is None:
            return refuse(source, "body_too_large", 413)
        verdict = authenticate(source, raw, request.headers)
        if not verdict.ok:
            return refuse(source, verdict.reason, 401)
        delivery, rejection = build_delivery(source, account_id, clock(), request.headers, raw)
        if delivery is None:
            return refuse(source, rejection, 400)
        try:
            stored_in = await durability.store(delivery)
        except Unavailable as exc:
            metrics.rejected.labels(source, "unavailable").inc()
            return JSONResponse({"error": "unavailable", "detail": str(exc)}, status_code=503)
        metrics.accepted.labels(source, stored_in).inc()
        answer = {"stored_in": stored_in, "event_id": delivery.row["event_id"],
                  "received_at": delivery.received_at.isoformat()}
        if rejection is not None:
            metrics.rejected.labels(source, rejection).inc()
            log.warning(f"{source} delivery stored as rejected: {rejection}",
                        extra={"event": "stored_rejected", "source": source, "reason": rejection,
                               "event_id": delivery.row["event_id"]})
            answer["rejected"] = rejection
        return JSONResponse(answer)

    async def shopify(request):
        return await receive(request, "shopify", None)

    async def chatwoot(request):
        return await receive(request, "chatwoot", request.path_params["account_id"])

    async def healthz(request):
        return JSONResponse({
            "status": "ok",
            "store": "ndjson" if durability.ndjson is not None else ("landing" if durability.database_up else "spool"),
            "spool_depth": durability.spool_depth,
            "authentication": "off" if config.insecure_no_auth else "on",
        })

    async def prometheus(request):
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await durability.start()
        log.info("receiver ready", extra={"event": "ready", "spool_depth": durability.spool_depth})
        try:
            yield
        finally:
            await durability.stop()

    return Starlette(routes=[
        Route("/webhooks/shopify", shopify, methods=["POST"]),
        Route("/webhooks/chatwoot/{account_id:int}", chatwoot, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", prometheus, methods=["GET"]),
    ], lifespan=lifespan)


# -- the command -------------------------------------------------------------

class JsonLogFormatter(logging.Formatter):
    """One JSON object per log line: time, level, logger, message and the record's ``extra`` fields."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        entry.update({k: v for k, v in vars(record).items() if k not in self._STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class UsageError(Exception):
    """A mistake in the command line or the environment (reported in one line, exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotrod-receiver",
        description="Receive Shopify and Chatwoot webhooks into the landing tables of a dbt target.",
        epilog=(
            "Secrets come from the environment, comma-separated (two during a rotation):\n"
            "  SHOPIFY_WEBHOOK_SECRETS   the Shopify app's client secret(s)\n"
            "  CHATWOOT_WEBHOOK_SECRETS  the Chatwoot webhook's secret(s)\n"
            "Without any the receiver does not start (--dev-insecure-no-auth turns authentication off,\n"
            "for development only). A source without a secret refuses its deliveries (401).\n\n"
            "Endpoints: POST /webhooks/shopify, POST /webhooks/chatwoot/ACCOUNT_ID, GET /healthz, GET /metrics.\n"
            "A 200 goes out only once the delivery is committed to the landing table or fsync'd to the\n"
            "spool (--spool-dir), which drains into the landing table when PostgreSQL is back.\n"
            "Details, a systemd unit and how to register the webhooks: docs/receiver.md."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--target", default=None,
                        help="dbt target whose landing tables receive the deliveries (a PostgreSQL target, e.g. prod)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=arguments.port, default=8080, help="TCP port (default 8080)")
    parser.add_argument("--spool-dir", type=Path, default=Path(os.environ.get("HOTROD_SPOOL_DIR", "receiver-spool")),
                        help="where deliveries are spooled while PostgreSQL is away "
                             "(default $HOTROD_SPOOL_DIR or ./receiver-spool)")
    parser.add_argument("--ndjson-dir", type=Path, default=None,
                        help="development: append deliveries to NDJSON files here (the loader's format) "
                             "instead of a database")
    parser.add_argument("--body-limit", type=arguments.positive(int), default=DEFAULT_BODY_LIMIT, metavar="BYTES",
                        help=f"largest body accepted (default {DEFAULT_BODY_LIMIT}, 5 MiB); larger ones get 413")
    parser.add_argument("--commit-timeout", type=arguments.positive(float), default=0.05, metavar="SECONDS",
                        help="a batch the landing table has not committed by then goes to the spool (default 0.05)")
    parser.add_argument("--dev-insecure-no-auth", action="store_true",
                        help="development only: accept unsigned deliveries (a warning is logged for each)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock
    except (OSError, OverflowError) as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None


def build(args) -> tuple[ReceiverConfig, Durability]:
    """The configuration and stores the command line and the environment describe (UsageError if they cannot)."""
    from hotrod import targets
    from hotrod.ingestion.spool import SpoolError

    secrets = {source: signatures.parse_secrets(os.environ.get(variable))
               for source, variable in SECRET_VARIABLES.items()}
    if not any(secrets.values()) and not args.dev_insecure_no_auth:
        raise UsageError("no webhook secret is set: export SHOPIFY_WEBHOOK_SECRETS and/or CHATWOOT_WEBHOOK_SECRETS "
                         "(comma-separated), or pass --dev-insecure-no-auth for development")
    config = ReceiverConfig(secrets=secrets, insecure_no_auth=args.dev_insecure_no_auth, body_limit=args.body_limit)
    metrics = Metrics()
    if args.ndjson_dir is not None:
        try:
            return config, Durability(metrics, ndjson=NdjsonFiles(args.ndjson_dir))
        except OSError as exc:
            raise UsageError(f"cannot write NDJSON files in {args.ndjson_dir}: {exc.strerror}") from None
    try:
        target = targets.resolve(args.target)
    except targets.TargetError as exc:
        raise UsageError(str(exc)) from None
    if target.type != "postgres":
        raise UsageError(f"target {target.name} is {target.type}: the receiver writes to a PostgreSQL target "
                         f"(e.g. --target prod); for development use --ndjson-dir DIR and load the files "
                         f"with scripts/load_webhooks.py")
    try:
        spool = Spool(args.spool_dir)
    except SpoolError as exc:
        raise UsageError(str(exc)) from None
    landing = PostgresLanding(target, on_unstorable=lambda source: metrics.rejected.labels(source, "unstorable_json").inc())
    return config, Durability(metrics, landing=landing, spool=spool, commit_timeout=args.commit_timeout)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The landing and spool threads hand the GIL back and forth with the event loop at every psycopg2 and SQLite
    # call; at CPython's default 5 ms switch interval a batch's commit waited tens of ms for it under load
    # (docs/receiver.md, the load test: p50 243-946 ms at 1,000/s without this, 6-44 ms with it).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    logging.basicConfig(level=args.log_level.upper(), handlers=[handler], force=True)
    try:
        config, durability = build(args)
        sock = _listen(args.host, args.port)
    except UsageError as exc:
        print(f"hotrod-receiver: error: {exc}", file=sys.stderr)
        return 2
    if config.insecure_no_auth:
        log.warning("authentication is OFF (--dev-insecure-no-auth): never run this in production",
                    extra={"event": "unauthenticated"})
    import uvicorn

    app = create_app(config, durability)
    # What lives as long as the process (modules, the app, its metrics) leaves the collector's reach: a full
    # collection then scans only what requests allocate, instead of pausing every answer under way for a scan
    # of the whole heap.
    gc.collect()
    gc.freeze()
    server = uvicorn.Server(uvicorn.Config(app, loop="uvloop", http="httptools", lifespan="on", access_log=False,
                                           log_config=None, log_level=args.log_level, timeout_graceful_shutdown=10))
    log.info(f"listening on {args.host}:{args.port}", extra={"event": "listening"})
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
