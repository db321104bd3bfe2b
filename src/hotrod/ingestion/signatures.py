"""Webhook signatures of Shopify and Chatwoot, checked on the raw body before anything else.

Shopify (its webhook docs): ``X-Shopify-Hmac-Sha256`` is the base64 HMAC-SHA256
of the raw body under the app's client secret.

Chatwoot (``lib/webhooks/trigger.rb``, ``Webhooks::Trigger#request_headers``):
when the webhook has a secret, ``X-Chatwoot-Timestamp`` is the epoch second of
the request and ``X-Chatwoot-Signature`` is ``sha256=`` followed by the hex
HMAC-SHA256 of ``"<timestamp>.<raw body>"`` under that secret. A delivery whose
timestamp is more than ``REPLAY_WINDOW_S`` from now is refused as a replay.

Every comparison runs in constant time (:func:`hmac.compare_digest`), against
every configured secret (two during a rotation), without stopping at the
first match.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass

#: how far a Chatwoot timestamp may be from the receiver's clock, either way
REPLAY_WINDOW_S = 300


@dataclass(frozen=True)
class Verdict:
    ok: bool
    #: why not: ``missing_signature``, ``bad_signature`` or ``replay`` (None when ok)
    reason: str | None = None


OK = Verdict(True)


def parse_secrets(value: str | None) -> tuple[bytes, ...]:
    """The secrets of a comma-separated environment variable (blanks ignored)."""
    return tuple(part.strip().encode("utf-8") for part in (value or "").split(",") if part.strip())


def _matches_any(expected: list[bytes], provided: bytes) -> bool:
    # compare against every secret's digest, so the time taken does not say which one matched
    results = [hmac.compare_digest(digest, provided) for digest in expected]
    return any(results)


def shopify_signature(secret: bytes, body: bytes) -> str:
    """The ``X-Shopify-Hmac-Sha256`` value Shopify sends for ``body`` under ``secret``."""
    return base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode("ascii")


def verify_shopify(secrets: tuple[bytes, ...], body: bytes, header: str | None) -> Verdict:
    if not header:
        return Verdict(False, "missing_signature")
    try:
        provided = base64.b64decode(header.strip(), validate=True)
    except (binascii.Error, ValueError):
        return Verdict(False, "bad_signature")
    expected = [hmac.new(secret, body, hashlib.sha256).digest() for secret in secrets]
    return OK if _matches_any(expected, provided) else Verdict(False, "bad_signature")


def chatwoot_signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """The ``X-Chatwoot-Signature`` value Chatwoot sends for ``body`` at ``timestamp`` under ``secret``."""
    return "sha256=" + hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def verify_chatwoot(secrets: tuple[bytes, ...], body: bytes, timestamp: str | None, header: str | None,
                    now: float, window_s: int = REPLAY_WINDOW_S) -> Verdict:
    if not header or not timestamp:
        return Verdict(False, "missing_signature")
    timestamp = timestamp.strip()
    if not timestamp.isascii() or not timestamp.isdigit():
        return Verdict(False, "bad_signature")
    provided = header.strip().lower().encode("ascii", "replace")
    expected = [chatwoot_signature(secret, timestamp, body).encode("ascii") for secret in secrets]
    if not _matches_any(expected, provided):
        return Verdict(False, "bad_signature")
    if abs(now - int(timestamp)) > window_s:
        return Verdict(False, "replay")
    return OK
