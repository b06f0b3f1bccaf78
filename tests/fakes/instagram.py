"""A fake Instagram Graph API (pinned version) for one professional account: containers (single
and carousel) with a status that moves IN_PROGRESS → FINISHED, media_publish with the 24-hour
publishing limit, the media list, and a small public "site" serving the photos (``/site/…``)."""

from __future__ import annotations

import re
from typing import Any

from .facebook import graph_error
from .server import FakeAPI, Reply, Request

HASHTAG = re.compile(r"(?<!\w)#\w+")


class FakeInstagram(FakeAPI):
    def __init__(
        self,
        *,
        user_id: str = "17841400000000001",
        token: str = "IGQVJtoken-secret-987",
        version: str = "v22.0",
        processing_polls: int = 0,
        quota_total: int = 100,
        quota_usage: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.user_id, self.token, self.version = user_id, token, version
        self.processing_polls = processing_polls
        self.quota_total, self.quota_usage = quota_total, quota_usage
        self.containers: dict[str, dict[str, Any]] = {}
        self.media: list[dict[str, Any]] = []
        self.site: dict[str, tuple[bytes, str]] = {}
        self.polls = 0

    # --- test helpers ------------------------------------------------------------------
    def add_photo(self, name: str, size: int = 2000, mime: str = "image/jpeg") -> str:
        self.site[f"/site/{name}"] = (b"\xff\xd8" + b"j" * (size - 2), mime)
        return f"{self.url}/site/{name}"

    def count(self, marker: str) -> int:
        return sum(1 for m in self.media if marker in m["caption"])

    def set_status(self, container: str, status: str, sub: str = "") -> None:
        with self.lock:
            self.containers[container]["status_code"] = status
            self.containers[container]["status"] = sub

    # --- routing -----------------------------------------------------------------------
    def route(self, req: Request) -> Reply:  # noqa: PLR0911 (one reply per case)
        if req.path.startswith("/site/"):
            if req.method != "GET" or req.path not in self.site:
                return Reply(404, b"not found", {"Content-Type": "text/plain"})
            body, mime = self.site[req.path]
            return Reply(200, body, {"Content-Type": mime})
        auth = req.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return graph_error(400, 2500, "An active access token must be used")
        if self.expired or auth != f"Bearer {self.token}":
            return graph_error(400, 190, "Error validating access token: Session has expired", 463)
        prefix = f"/{self.version}/"
        if not req.path.startswith(prefix):
            return graph_error(400, 2635, f"Unsupported API version: {req.path}")
        node, _, edge = req.path[len(prefix) :].partition("/")
        if node == self.user_id:
            return self._user_edge(req, edge)
        if not edge and req.method == "GET":
            return self._read_node(req, node)
        return graph_error(400, 100, f"Unsupported {req.method} request {req.path}")

    def _user_edge(self, req: Request, edge: str) -> Reply:  # noqa: PLR0911 (one reply per case)
        if req.method == "POST" and edge == "media":
            return self._create(req.form())
        if req.method == "POST" and edge == "media_publish":
            return self._publish(req.form())
        if req.method == "GET" and edge == "media":
            if "fields" not in req.query:
                return graph_error(400, 100, "fields is required by this test")
            limit = int(req.query.get("limit", ["25"])[0])
            data = [
                {k: m[k] for k in ("id", "caption", "permalink", "timestamp")}
                for m in reversed(self.media[-limit:])
            ]
            return Reply(200, {"data": data})
        if req.method == "GET" and edge == "content_publishing_limit":
            fields = req.query.get("fields", [""])[0].split(",")
            if "quota_usage" not in fields:
                return graph_error(400, 100, "fields=quota_usage,config expected")
            row: dict[str, Any] = {"quota_usage": self.quota_usage}
            if "config" in fields:
                row["config"] = {"quota_total": self.quota_total, "quota_duration": 86400}
            return Reply(200, {"data": [row]})
        return graph_error(400, 100, f"Unsupported {req.method} edge {edge}")

    def _image_error(self, url: str) -> bool:
        return url.startswith(f"{self.url}/site/") and url[len(self.url) :] not in self.site

    def _new(self, **fields: Any) -> Reply:
        cid = str(18000000000000000 + len(self.containers))
        self.containers[cid] = {
            "id": cid,
            "status_code": "IN_PROGRESS" if self.processing_polls else "FINISHED",
            "status": "",
            "polls": 0,
            **fields,
        }
        return Reply(200, {"id": cid})

    def _create(self, form: dict[str, str]) -> Reply:  # noqa: PLR0911 (one reply per case)
        caption = form.get("caption", "")
        if len(caption) > 2200:
            return graph_error(400, 100, "The caption is too long", 2207010)
        if len(HASHTAG.findall(caption)) > 5:
            return graph_error(400, 100, "Too many hashtags", 2207010)
        if form.get("media_type") == "CAROUSEL":
            if "image_url" in form or "is_carousel_item" in form:
                return graph_error(400, 100, "(#100) a CAROUSEL container takes only children")
            children = [c for c in form.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10:
                return graph_error(400, 100, "Carousel needs 2 to 10 children", 2207028)
            for child in children:
                item = self.containers.get(child)
                if not item or not item.get("carousel_item"):
                    return graph_error(400, 100, f"Invalid child {child}", 2207028)
            return self._new(caption=caption, children=children, kind="CAROUSEL")
        url = form.get("image_url", "")
        if not url.startswith(("http://", "https://")):
            return graph_error(400, 100, "(#100) image_url must be a public URL")
        child = form.get("is_carousel_item") == "true"
        if child and caption:
            return graph_error(400, 100, "(#100) carousel items take no caption")
        reply = self._new(
            caption=caption, image_url=url, alt_text=form.get("alt_text"), carousel_item=child
        )
        if self._image_error(url):
            self.set_status(reply.body["id"], "ERROR", "2207052")
        return reply

    def _read_node(self, req: Request, node: str) -> Reply:
        fields = req.query.get("fields", [""])[0].split(",")
        if node in self.containers:
            item = self.containers[node]
            if "status_code" not in fields:
                return graph_error(400, 100, "fields=status_code expected")
            self.polls += 1
            item["polls"] += 1
            if item["status_code"] == "IN_PROGRESS" and item["polls"] > self.processing_polls:
                item["status_code"] = "FINISHED"
            return Reply(
                200, {"id": node, "status_code": item["status_code"], "status": item["status"]}
            )
        for media in self.media:
            if media["id"] == node:
                return Reply(200, {"id": node, **{f: media[f] for f in fields if f in media}})
        return graph_error(400, 100, f"Object with ID '{node}' does not exist", 33)

    def _publish(self, form: dict[str, str]) -> Reply:
        item = self.containers.get(form.get("creation_id", ""))
        if item is None or item.get("carousel_item"):
            return graph_error(400, 100, "(#100) invalid creation_id")
        if item["status_code"] == "EXPIRED":
            return graph_error(400, 9004, "The media has expired", 2207020)
        if item["status_code"] == "PUBLISHED":
            return graph_error(400, 9007, "The media has already been published", 2207006)
        if item["status_code"] != "FINISHED":
            return graph_error(400, 9007, "Media ID is not available", 2207027)
        if self.quota_usage >= self.quota_total:
            return graph_error(400, 9, "Application request limit reached", 2207042)
        self.quota_usage += 1
        item["status_code"] = "PUBLISHED"
        media_id = str(17900000000000000 + len(self.media))
        self.media.append(
            {
                "id": media_id,
                "caption": item["caption"],
                "permalink": f"https://www.instagram.com/p/P{len(self.media):04d}/",
                "timestamp": "2026-11-28T05:00:00+0000",
                "container": item["id"],
            }
        )
        return Reply(200, {"id": media_id})
