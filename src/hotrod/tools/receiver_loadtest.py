"""Load and fault test of the webhook receiver against a real PostgreSQL 15 on loopback.

``hotrod-receiver-loadtest`` starts its own PostgreSQL (``LocalPostgres``, with
fsync and synchronous commit on, as in production) and ``hotrod-receiver``
against it, then sends the generator's Shopify deliveries
(``scripts/generate_data.py --out``; generated here unless ``--deliveries``
names a file) signed like Shopify (``X-Shopify-Hmac-Sha256``) at a fixed rate
for ``--duration`` seconds from an aiohttp client, retrying like Shopify on
any answer that is not 2xx (or none within 5 s). PostgreSQL is stopped
``--outage-at`` seconds in and started again ``--outage`` seconds later.

When the last delivery is answered the test waits for the receiver's spool to
drain, then counts the landing table: every delivery acknowledged must be in
it exactly once (per event id: as many rows as acknowledged deliveries;
the generator's own duplicate deliveries are acknowledged, and land, twice).
It reports sent, acknowledged, landed, rejected by reason (the receiver's
/metrics), the latency percentiles of the acknowledged answers and the
throughput, and exits 1 when a delivery is lost, landed twice, or a target
(--min-rate, --max-p99-ms) is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from hotrod import arguments
from hotrod.ingestion import signatures

SECRET = b"loadtest-client-secret"
#: Shopify: a delivery not answered within 5 s failed; it retries (8 times over 4 hours, backing off)
SHOPIFY_TIMEOUT_S = 5.0
RETRY_BACKOFF_S = (1, 2, 4, 8, 16, 32, 64)


@dataclass(frozen=True)
class Delivery:
    event_id: str
    body: bytes
    headers: dict


def read_deliveries(path: Path, secret: bytes = SECRET) -> list[Delivery]:
    """The Shopify deliveries of an NDJSON file in the loader's format, signed with ``secret``."""
    deliveries = []
    with open(path, "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            delivery = json.loads(line)
            body = json.dumps(delivery["body"], ensure_ascii=False).encode("utf-8")
            headers = {k: v for k, v in delivery.get("headers", {}).items() if v is not None}
            headers["Content-Type"] = "application/json"
            headers["X-Shopify-Hmac-Sha256"] = signatures.shopify_signature(secret, body)
            deliveries.append(Delivery(headers.get("X-Shopify-Event-Id", ""), body, headers))
    return deliveries


def generate_deliveries(out: Path, orders: int, seed: int = 42) -> Path:
    """Write the generator's deliveries of ``orders`` orders to ``out``; returns the Shopify file."""
    from datetime import date

    import duckdb

    from hotrod.tools import generator

    con = duckdb.connect()
    generator.generate(con, orders, seed, date(2026, 6, 30))
    generator.write_ndjson(con, out)
    con.close()
    return out / "shopify.ndjson"


def schedule(deliveries: list[Delivery], count: int) -> list[Delivery]:
    """``count`` deliveries: the file's in order, then again with a suffix on their event ids (new events)."""
    chosen = []
    for n in range(count):
        delivery = deliveries[n % len(deliveries)]
        round_ = n // len(deliveries)
        if round_:
            event_id = f"{delivery.event_id}-r{round_}"
            delivery = Delivery(event_id, delivery.body, {**delivery.headers, "X-Shopify-Event-Id": event_id})
        chosen.append(delivery)
    return chosen


# -- the receiver under test -------------------------------------------------------------

class ReceiverProcess:
    """``hotrod-receiver`` as a child process (its log goes to ``log_path``)."""

    def __init__(self, args: list[str], env: dict, log_path: Path, port: int):
        self.args, self.env, self.log_path, self.port = args, env, log_path, port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout_s: float = 60.0) -> "ReceiverProcess":
        executable = shutil.which("hotrod-receiver", path=str(Path(sys.executable).parent)) or "hotrod-receiver"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([executable, "--port", str(self.port), *self.args],
                                     env={**os.environ, **self.env}, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hotrod-receiver exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                self.healthz()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"hotrod-receiver did not answer within {timeout_s:.0f}s:\n{self.log_tail()}")

    def _get(self, path: str) -> bytes:
        import urllib.request

        with urllib.request.urlopen(self.url + path, timeout=5) as answer:
            return answer.read()

    def healthz(self) -> dict:
        return json.loads(self._get("/healthz"))

    def metrics(self) -> str:
        return self._get("/metrics").decode()

    def rejected(self) -> dict[str, int]:
        """Rejections counted by the receiver, by reason."""
        counts: Counter = Counter()
        for reason, value in re.findall(r'hotrod_receiver_rejected_total\{reason="([^"]+)",source="[^"]+"\} (\S+)',
                                        self.metrics()):
            counts[reason] += int(float(value))
        return dict(counts)

    def wait_drained(self, timeout_s: float = 120.0) -> dict:
        deadline = time.monotonic() + timeout_s
        while True:
            health = self.healthz()
            if health["spool_depth"] == 0 and health["store"] == "landing":
                return health
            if time.monotonic() > deadline:
                raise RuntimeError(f"the spool did not drain within {timeout_s:.0f}s: {health}")
            time.sleep(0.2)

    def stop(self, kill: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def cpu_seconds(self) -> float:
        """CPU time the receiver process has used (user and system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


# -- the load --------------------------------------------------------------------------

@dataclass
class Tally:
    sent: int = 0  # deliveries started (each once, whatever its retries)
    attempts: int = 0
    acknowledged: Counter = field(default_factory=Counter)  # by event id
    latencies: list = field(default_factory=list)  # seconds, of the acknowledged attempts
    statuses: Counter = field(default_factory=Counter)  # of the attempts that were not acknowledged
    gave_up: int = 0
    in_flight: int = 0

    @property
    def acked(self) -> int:
        return sum(self.acknowledged.values())


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered))) - 1))]


async def _deliver(session, url: str, delivery: Delivery, tally: Tally, max_tries: int) -> None:
    import aiohttp

    tally.in_flight += 1
    try:
        for attempt in range(max_tries):
            tally.attempts += 1
            started = time.perf_counter()
            try:
                async with session.post(url, data=delivery.body, headers=delivery.headers) as answer:
                    await answer.read()
                    status = answer.status
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                status = type(exc).__name__
            if isinstance(status, int) and 200 <= status < 300:
                tally.latencies.append(time.perf_counter() - started)
                tally.acknowledged[delivery.event_id] += 1
                return
            tally.statuses[status] += 1
            await asyncio.sleep(RETRY_BACKOFF_S[min(attempt, len(RETRY_BACKOFF_S) - 1)])
        tally.gave_up += 1
    finally:
        tally.in_flight -= 1


async def send(url: str, deliveries: list[Delivery], rate: float, tally: Tally, *, max_in_flight: int = 2000,
               max_tries: int = 8, events: list[tuple[float, object]] = (), progress=None) -> float:
    """Send ``deliveries`` at ``rate`` per second (open loop); run each (seconds in, callable) event at its time
    in a thread, and ``progress`` (an async function of the seconds elapsed) every second; returns the seconds
    the sending took."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=max_in_flight, force_close=False)
    timeout = aiohttp.ClientTimeout(total=SHOPIFY_TIMEOUT_S)
    tasks = set()
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        side_tasks = [asyncio.create_task(_at(started + at, action)) for at, action in events]
        reporter = asyncio.create_task(_every_second(started, progress)) if progress is not None else None
        for n, delivery in enumerate(deliveries):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            while tally.in_flight >= max_in_flight:
                await asyncio.sleep(0.001)
            tally.sent += 1
            task = asyncio.create_task(_deliver(session, url, delivery, tally, max_tries))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        sending = time.perf_counter() - started
        while tasks:
            await asyncio.wait(set(tasks), timeout=1.0)
        await asyncio.gather(*side_tasks)
        if reporter is not None:
            reporter.cancel()
            await progress(time.perf_counter() - started)
    return sending


async def _every_second(started: float, progress) -> None:
    while True:
        await asyncio.sleep(1.0 - (time.perf_counter() - started) % 1.0)
        await progress(time.perf_counter() - started)


async def _at(when: float, action) -> None:
    delay = when - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)
    await asyncio.to_thread(action)


def landed_counts(env: dict) -> Counter:
    """Rows of the Shopify landing table per event id."""
    import psycopg2

    con = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], password=env["PGPASSWORD"],
                           dbname=env["PGDATABASE"])
    try:
        cur = con.cursor()
        cur.execute("select event_id, count(*) from raw_shopify.webhook_events group by event_id")
        return Counter(dict(cur.fetchall()))
    finally:
        con.close()


# -- one run ----------------------------------------------------------------------------

@dataclass
class Options:
    duration: float = 60.0
    rate: float = 1000.0
    outage_at: float | None = 15.0
    outage: float = 30.0
    orders: int = 6000
    deliveries: Path | None = None
    workdir: Path | None = None
    commit_timeout: float = 0.05
    keep: bool = False


@contextmanager
def _workdir(path: Path | None, keep: bool):
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    directory = Path(tempfile.mkdtemp(prefix="hotrod_loadtest_"))
    try:
        yield directory
    finally:
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)


def _status(tally: Tally, receiver: ReceiverProcess, postgres_up: list[bool]):
    """The progress display: one line a second (rewritten in place on a terminal). The receiver's spool depth is
    asked in a thread, so a slow answer never holds up the sending."""
    last = {"acked": 0, "t": 0.0}
    interactive = sys.stderr.isatty()

    async def show(elapsed: float) -> None:
        try:
            spool = (await asyncio.wait_for(asyncio.to_thread(receiver.healthz), 0.9))["spool_depth"]
        except (OSError, asyncio.TimeoutError):
            spool = "?"
        recent = tally.latencies[-2000:]
        rate = (tally.acked - last["acked"]) / max(elapsed - last["t"], 1e-9)
        last.update(acked=tally.acked, t=elapsed)
        line = (f"[{elapsed:5.1f}s] sent {tally.sent:>6} acked {tally.acked:>6} in flight {tally.in_flight:>4} "
                f"{rate:6.0f}/s p99 {percentile(recent, 99) * 1000:6.1f} ms  spool {spool:>6}  "
                f"postgres {'up' if postgres_up[0] else 'DOWN'}")
        print(("\r" + line) if interactive else line, end="" if interactive else "\n", file=sys.stderr, flush=True)

    return show


def run(options: Options, log=print) -> dict:
    """One load-and-fault run; returns the report (see ``format_report``)."""
    from hotrod.tools.pg_local import LocalPostgres

    with _workdir(options.workdir, options.keep) as work:
        if options.deliveries is None:
            log(f"generating the deliveries of {options.orders} orders")
            source = generate_deliveries(work / "deliveries", options.orders)
        else:
            source = options.deliveries
        deliveries = schedule(read_deliveries(source), int(options.rate * options.duration))
        # The deliveries (tens of thousands of objects) live for the whole run: out of the collector's reach, so
        # that no full collection pauses the client's event loop for a scan of them and counts the pause as
        # the receiver's latency.
        gc.collect()
        gc.freeze()
        port = _free_port()
        # its data directory is LocalPostgres' own (under HOTROD_PG_DATA), which its service user can reach
        postgres = LocalPostgres(port=port,
                                 settings={"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"})
        log(f"starting PostgreSQL 15 on 127.0.0.1:{port} (fsync on)")
        postgres.start()
        receiver = None
        try:
            env = {**postgres.env(), "SHOPIFY_WEBHOOK_SECRETS": SECRET.decode()}
            receiver_port = _free_port()
            receiver = ReceiverProcess(["--target", "pg", "--spool-dir", str(work / "spool"),
                                        "--commit-timeout", str(options.commit_timeout)],
                                       env, work / "receiver.log", receiver_port).start()
            postgres_up = [True]

            def stop_postgres():
                postgres.stop()
                postgres_up[0] = False

            def start_postgres():
                postgres.start()
                postgres_up[0] = True

            events = []
            if options.outage_at is not None:
                events = [(options.outage_at, stop_postgres), (options.outage_at + options.outage, start_postgres)]
            tally = Tally()
            log(f"sending {len(deliveries)} deliveries at {options.rate:.0f}/s"
                + (f"; PostgreSQL stopped at {options.outage_at:.0f}s for {options.outage:.0f}s" if events else ""))
            import resource

            import uvloop

            receiver_cpu, client_cpu = receiver.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
            load_before = os.getloadavg()[0]
            sending = uvloop.run(send(f"{receiver.url}/webhooks/shopify", deliveries, options.rate, tally,
                                      events=events, progress=_status(tally, receiver, postgres_up)))
            receiver_cpu = receiver.cpu_seconds() - receiver_cpu
            usage = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = usage.ru_utime + usage.ru_stime - client_cpu.ru_utime - client_cpu.ru_stime
            load_after = os.getloadavg()[0]
            if sys.stderr.isatty():
                print(file=sys.stderr)
            log("waiting for the spool to drain")
            drain_started = time.perf_counter()
            receiver.wait_drained()
            drain_wait = time.perf_counter() - drain_started
            rejected = receiver.rejected()
            metrics = receiver.metrics()
            landed = landed_counts(postgres.env())
        finally:
            if receiver is not None:
                receiver.stop()
            postgres.destroy()
        lost = {e: n - landed.get(e, 0) for e, n in tally.acknowledged.items() if landed.get(e, 0) < n}
        extra = {e: n - tally.acknowledged.get(e, 0) for e, n in landed.items() if n > tally.acknowledged.get(e, 0)}
        stored_in = {m[0]: int(float(m[1])) for m in re.findall(
            r'hotrod_receiver_accepted_total\{source="shopify",stored_in="([^"]+)"\} (\S+)', metrics)}
        return {
            "deliveries": len(deliveries), "sent": tally.sent, "attempts": tally.attempts,
            "acknowledged": tally.acked, "landed": sum(landed.values()),
            "lost": sum(lost.values()), "landed_more_than_acknowledged": sum(extra.values()),
            "gave_up": tally.gave_up, "not_acknowledged_attempts": {str(k): v for k, v in tally.statuses.items()},
            "rejected_by_reason": rejected, "stored_in": stored_in,
            "latency_ms": {f"p{q}": round(percentile(tally.latencies, q) * 1000, 2) for q in (50, 95, 99)}
                          | {"max": round(max(tally.latencies, default=float("nan")) * 1000, 2)},
            "sending_s": round(sending, 2), "throughput_per_s": round(tally.acked / sending, 1),
            "drain_wait_s": round(drain_wait, 2), "rate": options.rate, "duration_s": options.duration,
            "cpu_s": {"receiver": round(receiver_cpu, 1), "load_generator": round(client_cpu, 1)},
            "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
            "outage": None if options.outage_at is None else {"at_s": options.outage_at, "for_s": options.outage},
        }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def format_report(report: dict) -> str:
    latency = report["latency_ms"]
    rejected = ", ".join(f"{k} {v}" for k, v in sorted(report["rejected_by_reason"].items())) or "none"
    outage = report["outage"]
    return "\n".join([
        f"deliveries sent       {report['sent']} ({report['attempts']} attempts, {report['gave_up']} given up)",
        f"acknowledged          {report['acknowledged']} (stored in: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["stored_in"].items())) + ")",
        f"landed                {report['landed']} (lost {report['lost']}, "
        f"landed more than acknowledged {report['landed_more_than_acknowledged']})",
        f"rejected by reason    {rejected}",
        f"not acknowledged      {report['not_acknowledged_attempts'] or 'none'} (attempts)",
        f"latency (acknowledged) p50 {latency['p50']} ms, p95 {latency['p95']} ms, p99 {latency['p99']} ms, "
        f"max {latency['max']} ms",
        f"throughput            {report['throughput_per_s']}/s over {report['sending_s']} s of sending "
        f"(target {report['rate']:.0f}/s for {report['duration_s']:.0f} s)",
        f"cpu while sending     receiver {report['cpu_s']['receiver']} s, load generator "
        f"{report['cpu_s']['load_generator']} s (the machine's 1-minute load average {report['load_average']['before']} "
        f"before, {report['load_average']['after']} after)",
        "postgres outage       " + (f"stopped at {outage['at_s']:.0f} s for {outage['for_s']:.0f} s; spool drained "
                                    f"{report['drain_wait_s']} s after the last answer" if outage else "none"),
    ])


def failures(report: dict, min_rate: float | None, max_p99_ms: float | None) -> list[str]:
    problems = []
    if report["lost"]:
        problems.append(f"{report['lost']} acknowledged deliveries are not in the landing table")
    if report["landed_more_than_acknowledged"]:
        problems.append(f"{report['landed_more_than_acknowledged']} deliveries landed more often than acknowledged")
    if report["gave_up"]:
        problems.append(f"{report['gave_up']} deliveries were never acknowledged")
    if min_rate is not None and report["throughput_per_s"] < min_rate:
        problems.append(f"throughput {report['throughput_per_s']}/s is below {min_rate:.0f}/s")
    if max_p99_ms is not None and not report["latency_ms"]["p99"] <= max_p99_ms:
        problems.append(f"p99 {report['latency_ms']['p99']} ms is above {max_p99_ms:.0f} ms")
    return problems


def main(argv: list[str] | None = None) -> int:
    doc = __doc__.split("\n\n")
    parser = argparse.ArgumentParser(prog="hotrod-receiver-loadtest", description=doc[0],
                                     epilog="\n\n".join(doc[1:]), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=arguments.positive(float), default=60.0, help="seconds of sending (default 60)")
    parser.add_argument("--rate", type=arguments.positive(float), default=1000.0, help="deliveries per second (default 1000)")
    parser.add_argument("--outage-at", type=arguments.positive(float), default=15.0, metavar="SECONDS",
                        help="stop PostgreSQL this many seconds in (default 15)")
    parser.add_argument("--outage", type=float, default=30.0, metavar="SECONDS",
                        help="for this long (default 30; 0 for no outage)")
    parser.add_argument("--orders", type=arguments.positive(int), default=6000,
                        help="orders to generate deliveries from (default 6000: about 66,000 deliveries)")
    parser.add_argument("--deliveries", type=Path, default=None, metavar="FILE",
                        help="a Shopify NDJSON file in the loader's format to send instead of generating one")
    parser.add_argument("--commit-timeout", type=arguments.positive(float), default=0.05, metavar="SECONDS",
                        help="the receiver's --commit-timeout (default 0.05)")
    parser.add_argument("--min-rate", type=arguments.positive(float), default=None, help="fail below this throughput")
    parser.add_argument("--max-p99-ms", type=arguments.positive(float), default=None, help="fail above this p99 latency")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the report as JSON here")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the run's files here (default: a temporary "
                                                                     "directory, removed)")
    args = parser.parse_args(argv)
    if args.deliveries is not None and not args.deliveries.is_file():
        parser.error(f"no such file: {args.deliveries}")
    options = Options(duration=args.duration, rate=args.rate, outage_at=args.outage_at if args.outage > 0 else None,
                      outage=args.outage, orders=args.orders, deliveries=args.deliveries, workdir=args.workdir,
                      commit_timeout=args.commit_timeout)
    if options.outage_at is not None and options.outage_at + options.outage > options.duration:
        parser.error("the outage must end before the sending does (--outage-at + --outage <= --duration)")
    try:
        report = run(options, log=lambda message: print(message, file=sys.stderr, flush=True))
    except Exception as exc:  # a setup failure (PostgreSQL, the receiver): one message, no traceback
        print(f"hotrod-receiver-loadtest: error: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    problems = failures(report, args.min_rate, args.max_p99_ms)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
