"""Signed webhook to partner endpoints (``content/data/mitra.toml``, field ``webhook``).

Each new story is POSTed as JSON to every partner endpoint that wants it, following the
Standard Webhooks 1.0 specification (github.com/standard-webhooks/standard-webhooks,
spec/standard-webhooks.md — checked for header names, signed content and secret format):

- body: ``{"type": "story.published", "timestamp": <story date>, "data": <JSON Feed 1.1 item>}``
  (the item is built by plugins/feeds, the same as in ``feeds/semua.json``);
- ``webhook-id``: stable per (story, partner), the same on every retry: the receiver drops a
  delivery id it has seen (idempotency);
- ``webhook-timestamp``: Unix seconds of this attempt (a receiver rejects old ones: replay);
- ``webhook-signature``: ``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>``; the key is
  the base64-decoded part after ``whsec_`` (a secret without that prefix is used as UTF-8 bytes).

Answers: 2xx = delivered; 429, 408 and 5xx or a timeout = retried with backoff, honouring
``Retry-After``; any other 4xx = refused (not retried until ``--retry-failed``).

Environment: ``SYNDICATION_WEBHOOK_SECRET_<KUNCI>`` per partner (the partner's ``kunci`` in upper
case). Without any secret the channel writes to the outbox; a partner without its secret is
reported, never sent unsigned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ..errors import PermanentError, TransientError
from ..partners import Partner
from ..redact import register_secrets
from ..story import Story
from . import register
from .base import Post, retry_after_seconds
from .partner_base import PartnerChannel

EVENT = "story.published"
RETRY_STATUSES = {408, 425, 429}


def signing_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret (``whsec_<base64>``), else the UTF-8 bytes."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_") :], validate=True)
        except binascii.Error:
            raise PermanentError(
                "Webhook mitra: rahasia whsec_… bukan base64 yang sah; salin ulang dari mitra"
            ) from None
    return secret.encode()


def sign(secret: str, ident: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value."""
    content = f"{ident}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def body_of(post: Post) -> bytes:
    """The exact bytes sent (compact, key order fixed: identical on every retry)."""
    envelope = {"type": EVENT, "timestamp": post.extra["timestamp"], "data": post.extra["item"]}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


@register
class WebhookChannel(PartnerChannel):
    name: ClassVar[str] = "webhook"
    label: ClassVar[str] = "Webhook mitra"

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ) -> None:
        super().__init__(options, environ, **kwargs)
        # SYNDICATION_WEBHOOK_SECRET_<KUNCI> arrives as self.env["secret_<kunci>"]
        register_secrets(v for k, v in self.env.items() if k.startswith("secret_"))
        self.clock = clock

    def secret(self, partner: Partner) -> str:
        return self.env.get(f"secret_{partner.key}", "")

    def serves(self, partner: Partner) -> bool:
        return bool(partner.webhook)

    def address(self, partner: Partner) -> str:
        return partner.webhook

    @property
    def live(self) -> bool:
        """Live as soon as one partner's secret is set; else requests go to the outbox."""
        return any(k.startswith("secret_") for k in self.env)

    def missing(self) -> list[str]:
        try:
            return [p.secret_env for p in self.partners() if not self.secret(p)] or [
                "SYNDICATION_WEBHOOK_SECRET_<KUNCI>"
            ]
        except ValueError:
            return ["SYNDICATION_WEBHOOK_SECRET_<KUNCI>"]

    # --- what is sent ---------------------------------------------------------------------
    def payload(self, story: Story) -> tuple[str, dict[str, Any]]:
        item = story.feed_item or {}
        return story.title, {"item": item, "timestamp": story.date.isoformat()}

    def describe(self, post: Post) -> list[str]:
        if not post.extra["item"]:
            return ["(item JSON Feed belum ada: bangun versi produksi dulu)"]
        return [f"isi: {EVENT}, item JSON Feed {post.extra['item'].get('id', '')}"]

    def outbox_request(self, post: Post) -> dict[str, Any]:
        requests = []
        for key in post.extra["mitra"]:
            partner = self.partner(key)
            if partner is not None:
                requests.append(
                    {
                        "method": "POST",
                        "url": partner.webhook,
                        "headers": {
                            "webhook-id": "<id per berita dan mitra>",
                            "webhook-timestamp": "<detik Unix saat dikirim>",
                            "webhook-signature": f"v1,<HMAC dengan {partner.secret_env}>",
                        },
                        "json": json.loads(body_of(post)),
                    }
                )
        return {
            "post": {k: v for k, v in post.as_dict().items() if k != "extra"},
            "requests": requests,
        }

    # --- HTTP -----------------------------------------------------------------------------
    def send(self, session: Any, post: Post, partner: Partner, ident: str) -> dict[str, Any]:
        if not post.extra["item"]:
            raise PermanentError(
                "Webhook mitra: item JSON Feed berita ini tidak ada; bangun versi produksi "
                "(invoke preview/publish) lalu ulangi"
            )
        secret = self.secret(partner)
        if not secret:
            raise PermanentError(
                f"Webhook mitra: rahasia untuk {partner.name} belum diisi. Simpan rahasia yang "
                f"disepakati dengan mitra di {partner.secret_env}"
            )
        body = body_of(post)
        stamp = int(self.clock())
        headers = {
            "content-type": "application/json",
            "user-agent": "KabarJakartaUtara-Webhook/1",
            "webhook-id": ident,
            "webhook-timestamp": str(stamp),
            "webhook-signature": sign(secret, ident, stamp, body),
        }
        response = self.request("POST", partner.webhook, content=body, headers=headers)
        status = response.status_code
        if 200 <= status < 300:
            return {"http": status}
        detail = f"HTTP {status}: {response.text[:200]}"
        if status in RETRY_STATUSES or status >= 500:
            raise TransientError(
                f"Webhook mitra: {partner.name} sedang sibuk (HTTP {status})",
                code=str(status),
                detail=detail,
                maybe_delivered=status >= 500,
                retry_after=retry_after_seconds(response.headers.get("retry-after"), self.clock()),
            )
        if status == 410:
            raise PermanentError(
                f"Webhook mitra: alamat {partner.webhook} sudah tidak dipakai {partner.name} "
                "(410). Hapus atau ganti `webhook` mitra ini di content/data/mitra.toml",
                code="410",
                detail=detail,
            )
        if status in (401, 403):
            raise PermanentError(
                f"Webhook mitra: {partner.name} menolak tanda tangan ({status}). Samakan "
                f"{partner.secret_env} dengan rahasia di pihak mitra",
                code=str(status),
                detail=detail,
            )
        raise PermanentError(
            f"Webhook mitra: {partner.name} menolak kiriman (HTTP {status})",
            code=str(status),
            detail=detail,
        )
