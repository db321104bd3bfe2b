"""Helpers for the test suite: run dbt and the project's scripts as a user would."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DBT = str(BIN / "dbt")


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CommandFailed(AssertionError):
    pass


def run(cmd: list[str], env: dict | None = None, check: bool = True, timeout: int = 1800) -> subprocess.CompletedProcess:
    """Run a command from the project root; on failure show its output in the assertion."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise CommandFailed(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n--- stdout ---\n{proc.stdout[-20000:]}\n--- stderr ---\n{proc.stderr[-5000:]}"
        )
    return proc


def dbt(args: list[str], env: dict | None = None, check: bool = True, target_path: Path | None = None) -> subprocess.CompletedProcess:
    """Run dbt with its own target directory so that concurrent runs never share build artifacts."""
    cmd = [DBT, *args]
    if target_path is not None:
        cmd += ["--target-path", str(target_path)]
    return run(cmd, env=env, check=check)


def python_script(script: str, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return run([sys.executable, str(ROOT / "scripts" / script), *args], env=env, check=check)




def empty_landing_freshness_failures(*empty: str) -> dict[str, tuple[str, str]]:
    """The checks a Shopify-only fixture leaves failing: the freshness tests of the landing tables it
    leaves empty warn (and publish), as (status, severity) by check name of v_data_quality_checks."""
    tables = empty or ("chatwoot_webhook_events_received_at", "ops_queue_items_recorded_at",
                       "ops_time_savings_entries_recorded_at")
    return {f"source_is_fresh_raw_{table}___var_freshness_error_hours_": ("fail", "warn") for table in tables}


class AlertSink:
    """A local HTTP endpoint standing in for Slack's incoming webhook: records each JSON body posted to it."""

    def __init__(self, status: int = 200):
        self.received: list[dict] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                sink.received.append({"content_type": self.headers["Content-Type"], "body": json.loads(body)})
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"no_service")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/T000/B000/XXX"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def rendered_text(url: str, window: str = "1600,1200", virtual_time_ms: int = 15000) -> str:
    """The text a reader sees on a page as headless Chromium renders it once its scripts ran (a virtual-time
    budget): the DOM without scripts and styles, tags removed, entities decoded, whitespace collapsed. Debian's
    `chromium`, installed with apt-get when missing (hotrod.tools.system_packages): CI starts from a clean machine."""
    from hotrod.tools.system_packages import ensure_command

    chromium = ensure_command("chromium", "chromium")
    with tempfile.TemporaryDirectory() as profile:
        flags = ["--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 f"--virtual-time-budget={virtual_time_ms}", f"--window-size={window}"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to run as root inside its sandbox
        result = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", result.stdout, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))
