"""A fake Telegram Bot API for one channel: sendMessage, sendPhoto, sendMediaGroup with JSON
bodies, HTML parse mode checked like Telegram (only supported tags, balanced, ``<>&`` escaped),
lengths counted after entity parsing, and the error shape ``{"ok": false, "error_code",
"description", "parameters"}``."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from .server import FakeAPI, Reply, Request

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
TOKEN = re.compile(
    r"<(/?)([a-zA-Z-]+)((?:\s[^<>]*)?)>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]"
)


def tg_error(code: int, description: str, **parameters: Any) -> Reply:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Reply(code, body)


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML; raises ValueError like "can't parse entities"."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in TOKEN.finditer(text):
        out.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if match.group(2):
            name = match.group(2).lower()
            if name not in TAGS:
                raise ValueError(f'Unsupported start tag "{name}" at byte offset {match.start()}')
            if match.group(1):
                if not stack or stack.pop() != name:
                    raise ValueError(f"Unmatched end tag at byte offset {match.start()}")
            else:
                if name == "a" and not re.fullmatch(r'\s+href="[^"<>]*"\s*', match.group(3)):
                    raise ValueError("Bad a tag: href expected")
                stack.append(name)
        elif token in "<>&":
            raise ValueError(f"Character '{token}' is reserved and must be escaped")
        else:
            out.append(html.unescape(token))
    if stack:
        raise ValueError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    out.append(text[pos:])
    return "".join(out)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram(FakeAPI):
    def __init__(
        self,
        *,
        token: str = "123456:AAH-bot-secret-token",
        chat_id: str = "@kominfotikju",
        retry_after: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.token, self.chat_id, self.retry_after = token, chat_id, retry_after
        self.messages: list[dict[str, Any]] = []
        self.kicked = False

    def rate_limited(self, req: Request) -> Reply:
        wait = self.retry_after
        return tg_error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)

    def count(self, url: str) -> int:
        """Deliveries of ``url``: messages/albums whose text or caption links it."""
        return sum(1 for m in self.messages if url in (m.get("text") or m.get("caption") or ""))

    def route(self, req: Request) -> Reply:  # noqa: PLR0911 (one reply per case)
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", req.path)
        if not match or self.expired or match.group(1) != self.token:
            return tg_error(401, "Unauthorized")
        method = match.group(2)
        if method not in {"sendMessage", "sendPhoto", "sendMediaGroup"}:
            return tg_error(404, "Not Found")
        if req.method != "POST" or not req.headers.get("Content-Type", "").startswith(
            "application/json"
        ):
            return tg_error(400, "Bad Request: this fake expects a JSON POST body")
        try:
            data = json.loads(req.body or b"{}")
        except json.JSONDecodeError:
            return tg_error(400, "Bad Request: invalid JSON")
        if str(data.get("chat_id")) != self.chat_id:
            return tg_error(400, "Bad Request: chat not found")
        if self.kicked:
            return tg_error(403, "Forbidden: bot is not a member of the channel chat")
        try:
            return getattr(self, f"_{method}")(data)
        except ValueError as exc:
            return tg_error(400, f"Bad Request: can't parse entities: {exc}")

    def _visible(self, data: dict[str, Any], key: str) -> str:
        if data.get(key) and data.get("parse_mode") != "HTML":
            raise ValueError("this fake expects parse_mode HTML")
        return parse_html(data.get(key) or "")

    def _message(self, **fields: Any) -> dict[str, Any]:
        message = {
            "message_id": 100 + len(self.messages),
            "chat": {"id": -1001234567890, "type": "channel", "username": self.chat_id[1:]},
            "date": 1764300000,
            **fields,
        }
        self.messages.append(message)
        return message

    def _sendMessage(self, data: dict[str, Any]) -> Reply:  # noqa: N802 (Bot API name)
        text = self._visible(data, "text")
        if not text.strip():
            return tg_error(400, "Bad Request: message text is empty")
        if utf16(text) > 4096:
            return tg_error(400, "Bad Request: message is too long")
        return Reply(200, {"ok": True, "result": self._message(text=text)})

    def _photo_ok(self, url: Any) -> bool:
        return isinstance(url, str) and url.startswith(("http://", "https://"))

    def _sendPhoto(self, data: dict[str, Any]) -> Reply:  # noqa: N802 (Bot API name)
        caption = self._visible(data, "caption")
        if not self._photo_ok(data.get("photo")):
            return tg_error(400, "Bad Request: wrong HTTP URL specified")
        if utf16(caption) > 1024:
            return tg_error(400, "Bad Request: message caption is too long")
        message = self._message(caption=caption, photo=[{"file_id": data["photo"]}])
        return Reply(200, {"ok": True, "result": message})

    def _sendMediaGroup(self, data: dict[str, Any]) -> Reply:  # noqa: N802 (Bot API name)
        media = data.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            return tg_error(400, "Bad Request: media must contain 2-10 items")
        captions = []
        for item in media:
            if item.get("type") != "photo" or not self._photo_ok(item.get("media")):
                return tg_error(400, "Bad Request: wrong HTTP URL specified")
            caption = self._visible(item, "caption")
            if utf16(caption) > 1024:
                return tg_error(400, "Bad Request: message caption is too long")
            captions.append(caption)
        group = f"g{len(self.messages)}"
        result = [
            self._message(caption=c, photo=[{"file_id": m["media"]}], media_group_id=group, album=i)
            for i, (c, m) in enumerate(zip(captions, media, strict=True))
        ]
        return Reply(200, {"ok": True, "result": result})
