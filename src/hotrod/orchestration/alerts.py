"""Alerts: messages in the shape Slack's incoming webhooks accept, posted to HOTROD_ALERT_WEBHOOK_URL.

Three alerts, each with its entry in docs/runbook.md (the message names it):
  run_failed           a daily build or a refresh failed (the published layer is the previous one);
  blocking_check       a data test of severity error failed (the daily build did not publish);
  stale_data           a serving table is past its freshness error threshold (v_data_freshness).

An incoming webhook takes a JSON body with `text` (the notification's text,
and what clients without blocks show) and optional `blocks` (Block Kit).
Any endpoint that accepts the same JSON (Mattermost, a relay) works too.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

WEBHOOK_URL_ENV = "HOTROD_ALERT_WEBHOOK_URL"
#: where the runbook is read; an alert links its entry (HOTROD_RUNBOOK_URL overrides it)
RUNBOOK = "docs/runbook.md"
TIMEOUT_S = 10


class AlertError(Exception):
    """The alert could not be delivered (the sensor that sends it fails its tick and tries again)."""


@dataclass(frozen=True)
class Alert:
    kind: str  # the runbook entry: run_failed, blocking_check, stale_data
    title: str
    lines: tuple[str, ...]

    def runbook_link(self) -> str:
        base = os.environ.get("HOTROD_RUNBOOK_URL", RUNBOOK)
        return f"{base}#{self.kind.replace('_', '-')}"

    def payload(self) -> dict:
        """The JSON body of the incoming webhook."""
        details = "\n".join(self.lines)
        return {
            "text": f":rotating_light: {self.title}\n{details}\nRunbook: {self.runbook_link()}",
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": self.title[:150]}},
                {"type": "section", "text": {"type": "mrkdwn", "text": details[:3000] or self.title}},
                {"type": "context", "elements": [
                    {"type": "mrkdwn", "text": f"Runbook: {self.runbook_link()} · alert `{self.kind}`"},
                ]},
            ],
        }


def webhook_url() -> str | None:
    return os.environ.get(WEBHOOK_URL_ENV) or None


def post(alert: Alert, url: str | None = None) -> bool:
    """POST the alert; False when no webhook URL is configured, AlertError when the endpoint refuses it."""
    url = url or webhook_url()
    if not url:
        return False
    request = urllib.request.Request(url, data=json.dumps(alert.payload()).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise AlertError(f"the alert webhook answered {exc.code}: {exc.read()[:200]!r}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise AlertError(f"cannot reach the alert webhook: {exc}") from exc
    if not 200 <= status < 300:
        raise AlertError(f"the alert webhook answered {status}")
    return True


def run_failed(job: str, run_id: str, message: str, run_url: str | None = None) -> Alert:
    lines = [f"*Job* `{job}`, run `{run_id}`", f"*Error* {message.strip()[:1500]}",
             "The published serving layer is the one before this run."]
    if run_url:
        lines.append(f"<{run_url}|Open the run>")
    return Alert("run_failed", f"Hot Rod AN: {job} failed", tuple(lines))


def blocking_check(asset: str, check: str, run_id: str | None, description: str | None) -> Alert:
    lines = [f"*Check* `{check}` on `{asset}` (severity error) failed" + (f" in run `{run_id}`" if run_id else ""),
             "The daily build stopped before publishing: operators see the previous layer."]
    if description:
        lines.append(f"*What it checks* {description.strip()[:500]}")
    return Alert("blocking_check", f"Hot Rod AN: blocking check failed on {asset}", tuple(lines))


def stale_data(relation: str, last_loaded_at: str | None, staleness_hours, error_after_hours) -> Alert:
    newest = f"newest data {last_loaded_at}" if last_loaded_at else "no data at all"
    lines = [f"*{relation}*: {newest}, {staleness_hours} h old (error threshold {error_after_hours} h).",
             "The tiles that read it show old figures."]
    return Alert("stale_data", f"Hot Rod AN: {relation} is stale", tuple(lines))
