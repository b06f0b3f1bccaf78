"""A partner's webhook receiver (Standard Webhooks 1.0), verifying like a careful partner would:
the three headers present, timestamp within 5 minutes of its own clock (replay), the
``v1,`` HMAC-SHA256 signature of ``id.timestamp.body`` in constant time, JSON body, and each
``webhook-id`` processed once (a repeat is acknowledged, not processed again)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from .server import FakeAPI, Reply, Request

TOLERANCE = 5 * 60


def verify(secret: str, headers: Any, body: bytes, now: float) -> str | None:
    """Why the request is not authentic, or None (independent of the sender's code)."""
    ident = headers.get("webhook-id")
    stamp = headers.get("webhook-timestamp")
    signature = headers.get("webhook-signature")
    if not (ident and stamp and signature):
        return "missing headers"
    if not stamp.isdigit() or abs(now - int(stamp)) > TOLERANCE:
        return "stale timestamp"
    key = (
        base64.b64decode(secret.removeprefix("whsec_"))
        if secret.startswith("whsec_")
        else secret.encode()
    )
    expected = base64.b64encode(
        hmac.new(key, f"{ident}.{stamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    for candidate in signature.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return None
    return "bad signature"


class FakeReceiver(FakeAPI):
    """Endpoints ``/hook/<kunci>``, each with its own secret; ``status`` forces an answer."""

    def __init__(self, secrets: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.secrets = secrets
        self.processed: list[dict[str, Any]] = []  # unique deliveries, in order
        self.duplicates = 0
        self.rejected: list[str] = []
        self.seen: set[str] = set()
        self.clock_offset = 0.0
        self.forced: dict[str, list[tuple[int, dict[str, str]]]] = {}

    def endpoint(self, key: str) -> str:
        return f"{self.url}/hook/{key}"

    def force(self, key: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next request to ``key`` with ``status`` (before processing it)."""
        self.forced.setdefault(key, []).append((status, headers or {}))

    def route(self, req: Request) -> Reply:
        key = req.path.removeprefix("/hook/")
        if req.method != "POST" or key not in self.secrets:
            return Reply(404, {"error": "not found"})
        if self.forced.get(key):
            status, headers = self.forced[key].pop(0)
            return Reply(status, {"error": "forced"}, headers)
        if req.headers.get("content-type") != "application/json":
            self.rejected.append("content-type")
            return Reply(415, {"error": "json only"})
        why = verify(self.secrets[key], req.headers, req.body, time.time() + self.clock_offset)
        if why:
            self.rejected.append(why)
            return Reply(400 if why != "bad signature" else 401, {"error": why})
        ident = req.headers["webhook-id"]
        if ident in self.seen:
            self.duplicates += 1
            return Reply(200, {"duplicate": True})
        self.seen.add(ident)
        self.processed.append({"partner": key, "id": ident, "body": json.loads(req.body)})
        return Reply(204, None)

    def count(self, key: str, url: str) -> int:
        return sum(
            1 for d in self.processed if d["partner"] == key and d["body"]["data"]["url"] == url
        )
