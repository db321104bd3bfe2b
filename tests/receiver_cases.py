"""Deliveries for the receiver's tests (tests/python/test_receiver.py, tests/integration/test_receiver_postgres.py):
signed like Shopify and Chatwoot sign them, and the bodies that cannot land as a JSON object."""

from __future__ import annotations

import asyncio
import json

from hotrod.ingestion import signatures

SHOPIFY_SECRETS = (b"shopify-old-secret", b"shopify-new-secret")
CHATWOOT_SECRETS = (b"chatwoot-secret",)
NOW = 1_780_000_000.0  # the wall clock the replay window is measured against
ORDER = {"id": 1001, "email": "ann@example.com", "updated_at": "2026-06-01T10:00:00-07:00"}
CONVERSATION = {"event": "conversation_created", "id": 7, "status": "open", "updated_at": 1780000000}


def shopify_headers(body: bytes, secret: bytes = SHOPIFY_SECRETS[0], topic: str = "orders/create",
                    event_id: str = "evt-1", **extra) -> dict:
    headers = {"X-Shopify-Topic": topic, "X-Shopify-Event-Id": event_id, "X-Shopify-Webhook-Id": "wh-1",
               "X-Shopify-Shop-Domain": "hotrodan.myshopify.com", "X-Shopify-API-Version": "2025-07",
               "X-Shopify-Triggered-At": "2026-06-01T17:00:00Z", "Content-Type": "application/json",
               "X-Shopify-Hmac-Sha256": signatures.shopify_signature(secret, body)}
    headers.update(extra)
    return headers


def chatwoot_headers(body: bytes, secret: bytes = CHATWOOT_SECRETS[0], at: float = NOW, **extra) -> dict:
    timestamp = str(int(at))
    return {"X-Chatwoot-Timestamp": timestamp, "X-Chatwoot-Signature": signatures.chatwoot_signature(secret, timestamp, body),
            "Content-Type": "application/json", **extra}


# (raw body, the rejection it is counted as, what its payload holds: "text" = the body's text as a JSON string,
# "base64" = its bytes in base64, "json" = the body itself)
STORED_REJECTIONS = [
    (b"<html>502 Bad Gateway</html>", "not_json", "text"),
    (b'["not", "an", "object"]', "not_object", "json"),
    (b'{"id": 5, "note": "a\\u0000b"}', "unstorable_json", "text"),
    (b'{"id": 5, "total": NaN}', "unstorable_json", "text"),
    (b'{"id": 5, "deep": ' + b"[" * 70 + b"]" * 70 + b"}", "unstorable_json", "text"),
    (b'{"id": 5, "title": "caf\xe9"}', "not_utf8", "base64"),
    (b'{"id": 5, "raw": "a\x00b"}', "not_json", "base64"),
]


def send_concurrently(url: str, requests: list[tuple[bytes, dict]]) -> list[tuple[int, dict]]:
    """POST every (body, headers) at once; returns (status, JSON answer) in the same order."""
    import aiohttp

    async def post(session, body, headers):
        async with session.post(url, data=body, headers=headers) as answer:
            return answer.status, json.loads(await answer.read() or b"{}")

    async def main():
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            return await asyncio.gather(*(post(session, body, headers) for body, headers in requests))

    return asyncio.run(main())
