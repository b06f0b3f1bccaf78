"""Telegram channel through the Bot API (https://core.telegram.org/bots/api), checked there:

- ``POST {base}/bot<token>/<method>`` with a JSON body; answers ``{"ok": true, "result": …}`` or
  ``{"ok": false, "error_code": …, "description": …, "parameters": {"retry_after": N,
  "migrate_to_chat_id": …}}``.
- ``sendMessage`` (text 1–4096 characters after entity parsing), ``sendPhoto`` (photo by URL,
  caption 0–1024 after entity parsing), ``sendMediaGroup`` (2–10 ``InputMediaPhoto``; the
  caption on the first item is shown under the album). ``parse_mode="HTML"``: only ``<``, ``>``
  and ``&`` must be escaped; supported tags include ``<b>`` and ``<a href>``.
- 429 carries ``parameters.retry_after`` (seconds) — we wait exactly that long.

A bot cannot read a channel's history and is not sent updates about its own messages, so a
delivery whose answer was lost cannot be checked. The send is therefore one single call, prepared
fully beforehand (text, photo check); a checkpoint marks the moment it starts, and if the answer
is lost the story stays ``in_doubt`` for a human (``invoke syndication-resolve``), never resent.

Environment: ``SYNDICATION_TELEGRAM_TOKEN`` (from @BotFather), ``SYNDICATION_TELEGRAM_CHAT_ID``
(``@kominfotikju`` or ``-100…``), optional ``SYNDICATION_TELEGRAM_API_URL``
(default https://api.telegram.org).
"""

from __future__ import annotations

import html
import time
from typing import Any, ClassVar

import httpx

from ..errors import AuthError, ChannelError, PermanentError, TransientError, UnverifiableError
from ..media_check import check_public_image
from ..story import Story
from . import register
from .base import Channel, Checkpoint, Delivery, Post

CAPTION_MAX = 1024
TEXT_MAX = 4096
ALBUM_MAX = 10
PHOTO_MAX_BYTES = 5 * 1024 * 1024  # photos sent by URL


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def to_html(text: str, link: str) -> str:
    """The plain post ``text`` as Telegram HTML: everything escaped, the first paragraph (the
    headline) in bold, the story URL as a link. The visible text is unchanged, so the length
    measured on ``text`` is the length Telegram counts after parsing."""
    paragraphs = text.split("\n\n")
    out = []
    for index, para in enumerate(paragraphs):
        if link and para == link:
            href = html.escape(link, quote=True)
            out.append(f'<a href="{href}">{html.escape(link, quote=False)}</a>')
        elif index == 0 and para:
            out.append(f"<b>{html.escape(para, quote=False)}</b>")
        else:
            out.append(html.escape(para, quote=False))
    return "\n\n".join(out)


@register
class TelegramChannel(Channel):
    name: ClassVar[str] = "telegram"
    label: ClassVar[str] = "Telegram"
    required: ClassVar[tuple[str, ...]] = ("token", "chat_id")
    secrets: ClassVar[tuple[str, ...]] = ("token",)
    default_base_url: ClassVar[str] = "https://api.telegram.org"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chat_id = self.env.get("chat_id", "")
        self.max_photos = max(0, min(ALBUM_MAX, int(self.options.get("max_photos", ALBUM_MAX))))
        self.check_photos = bool(self.options.get("check_photos", True))

    # --- format --------------------------------------------------------------------------
    def format(self, story: Story) -> Post:
        photos = min(len(story.photos), self.max_photos)
        return self.build_post(
            story,
            measure=telegram_length,
            limit=CAPTION_MAX if photos else TEXT_MAX,
            link_in_text=True,
            photos=photos,
            tags_from=("kecamatan",),
            max_tags=3,
            extra={"cara": self._method(photos)},
        )

    @staticmethod
    def _method(photos: int) -> str:
        return "sendMessage" if not photos else "sendPhoto" if photos == 1 else "sendMediaGroup"

    def payload(self, post: Post) -> tuple[str, dict[str, Any]]:
        """The one Bot API call that delivers ``post``."""
        body = to_html(post.text, post.link)
        method = self._method(len(post.media))
        data: dict[str, Any] = {"chat_id": self.chat_id or "<SYNDICATION_TELEGRAM_CHAT_ID>"}
        if method == "sendMessage":
            data.update(text=body, parse_mode="HTML", link_preview_options={"url": post.link})
        elif method == "sendPhoto":
            data.update(photo=post.media[0].url, caption=body, parse_mode="HTML")
        else:
            data["media"] = [
                {"type": "photo", "media": m.url}
                | ({"caption": body, "parse_mode": "HTML"} if i == 0 else {})
                for i, m in enumerate(post.media)
            ]
        return method, data

    def outbox_request(self, post: Post) -> dict[str, Any]:
        method, data = self.payload(post)
        url = f"{self.base_url}/bot<SYNDICATION_TELEGRAM_TOKEN>/{method}"
        return {"post": post.as_dict(), "requests": [{"method": "POST", "url": url, "json": data}]}

    # --- HTTP ----------------------------------------------------------------------------
    def _call(self, method: str, data: dict[str, Any]) -> Any:
        url = f"{self.base_url}/bot{self.env.get('token', '')}/{method}"
        response = self.request("POST", url, json=data)
        body = self.json_body(response)
        if response.status_code == 200 and body.get("ok"):
            return body.get("result")
        raise self._error(response, body)

    def _error(  # noqa: PLR0911 (one admin message per kind of error)
        self, response: httpx.Response, body: dict[str, Any]
    ) -> ChannelError:
        code = int(body.get("error_code") or response.status_code)
        text = str(body.get("description") or f"HTTP {response.status_code}")
        params = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
        lowered = text.lower()
        if code == 429:
            wait = params.get("retry_after")
            return TransientError(
                "Telegram: terlalu banyak kiriman, diminta menunggu",
                code="429",
                detail=text,
                retry_after=float(wait) if wait is not None else None,
            )
        if code >= 500:
            return TransientError(
                f"Telegram: server error {code}", code=str(code), detail=text, maybe_delivered=True
            )
        if code in {401, 404}:
            return AuthError(
                "Telegram: token bot tidak berlaku. Minta token baru dari @BotFather (/token) "
                "lalu simpan di SYNDICATION_TELEGRAM_TOKEN",
                code=str(code),
                detail=text,
            )
        if code == 403:
            return AuthError(
                "Telegram: bot tidak boleh memposting ke kanal ini (bukan admin, dikeluarkan, "
                "atau diblokir). Jadikan bot admin kanal dengan izin 'Post Messages'",
                code="403",
                detail=text,
            )
        if params.get("migrate_to_chat_id"):
            return AuthError(
                "Telegram: grup sudah pindah menjadi supergrup. Ganti "
                f"SYNDICATION_TELEGRAM_CHAT_ID menjadi {params['migrate_to_chat_id']}",
                code=str(code),
                detail=text,
            )
        if "chat not found" in lowered or "not enough rights" in lowered:
            return AuthError(
                "Telegram: kanal tidak ditemukan atau bot tidak punya hak memposting. Periksa "
                "SYNDICATION_TELEGRAM_CHAT_ID (mis. @kominfotikju) dan izin admin bot",
                code=str(code),
                detail=text,
            )
        return PermanentError(
            "Telegram menolak kiriman ini. Periksa teks/foto berita lalu jalankan "
            "invoke syndicate --retry-failed",
            code=str(code),
            detail=text,
        )

    # --- publish / reconcile ---------------------------------------------------------------
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        method, data = self.payload(post)
        if self.check_photos:  # every preparatory call happens before the single send
            for media in post.media:
                check_public_image(
                    self.client, media.url, label=self.label, max_bytes=PHOTO_MAX_BYTES
                )
        checkpoint({"sending": method, "sending_at": int(time.time())})
        try:
            result = self._call(method, data)
        except TransientError as exc:
            if not exc.maybe_delivered:
                checkpoint({"sending": None})  # the platform answered: nothing was sent
            raise
        except PermanentError:
            checkpoint({"sending": None})
            raise
        messages = result if isinstance(result, list) else [result]
        ids = [int(m["message_id"]) for m in messages if isinstance(m, dict)]
        if not ids:
            raise TransientError(  # sent, but unreadable answer: reconcile flags it for a human
                "Telegram: jawaban tanpa message_id", maybe_delivered=True
            )
        extra = {"message_ids": ids} if len(ids) > 1 else {}
        return Delivery(remote_id=str(ids[0]), remote_url=self.message_url(ids[0]), extra=extra)

    def message_url(self, message_id: int) -> str | None:
        chat = self.chat_id
        if chat.startswith("@"):
            return f"https://t.me/{chat[1:]}/{message_id}"
        if chat.startswith("-100"):
            return f"https://t.me/c/{chat[4:]}/{message_id}"
        return None

    def _doubt(self, post: Post, why: str) -> str:
        return (
            f"Telegram: belum pasti apakah berita ini sudah terkirim ({why}); bot Telegram tidak "
            f"bisa membaca kanalnya sendiri, jadi tidak dikirim ulang otomatis. Buka kanal "
            f"{self.chat_id or 'Telegram'} dan cari berita ini. Jika SUDAH ada: invoke "
            f"syndication-resolve --story {post.story_id} --channel telegram --posted "
            "[--url <tautan pesan>]. Jika BELUM ada: invoke syndication-resolve --story "
            f"{post.story_id} --channel telegram --resend"
        )

    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        """No Bot API call can list a channel's posts: when the single send may have started,
        only a human can tell; otherwise nothing was sent and sending is safe."""
        if not progress.get("sending"):
            return None
        raise UnverifiableError(self._doubt(post, "jawaban hilang saat mengirim"))
