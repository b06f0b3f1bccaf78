"""A fake Facebook Graph API (pinned version) for one Page: photos, feed, page feed reads."""

from __future__ import annotations

import json
import re
from typing import Any

from .server import FakeAPI, Reply, Request


def graph_error(
    status: int, code: int, message: str, sub: int | None = None, transient: bool = False
) -> Reply:
    err: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEf123",
        "is_transient": transient,
    }
    if sub:
        err["error_subcode"] = sub
    return Reply(status, {"error": err})


class FakeGraph(FakeAPI):
    def __init__(
        self,
        *,
        page_id: str = "1001",
        token: str = "EAAGpagetoken123",
        version: str = "v21.0",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.page_id, self.token, self.version = page_id, token, version
        self.posts: list[dict[str, Any]] = []
        self.photos: dict[str, dict[str, Any]] = {}
        self.usage: dict[str, str] = {}

    def rate_limited(self, req: Request) -> Reply:
        reply = graph_error(400, 4, "Application request limit reached", transient=True)
        reply.headers["X-App-Usage"] = json.dumps(
            {"call_count": 80, "total_cputime": 10, "total_time": 10}
        )
        return reply

    def route(self, req: Request) -> Reply:
        auth = req.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") and "access_token" not in req.query:
            return graph_error(400, 2500, "An active access token must be used")
        if self.expired or auth != f"Bearer {self.token}":
            return graph_error(400, 190, "Error validating access token: Session has expired", 463)
        prefix = f"/{self.version}/{self.page_id}/"
        if not req.path.startswith(prefix):
            return graph_error(400, 100, f"Unsupported request: {req.path}")
        edge = req.path[len(prefix) :]
        reply = self._edge(req, edge)
        reply.headers.update(self.usage)
        return reply

    def _edge(self, req: Request, edge: str) -> Reply:  # noqa: PLR0911 (one reply per case)
        if req.method == "POST" and edge == "photos":
            form = req.form()
            if not form.get("url", "").startswith("http"):
                return graph_error(400, 100, "(#100) url must be a valid URL")
            if form.get("published") != "false":
                return graph_error(400, 100, "test expects unpublished uploads")
            photo_id = str(5000 + len(self.photos))
            self.photos[photo_id] = form
            return Reply(200, {"id": photo_id})
        if req.method == "POST" and edge == "feed":
            form = req.form()
            if not form.get("message"):
                return graph_error(400, 100, "(#100) message is required")
            attached = []
            for key in sorted(k for k in form if re.fullmatch(r"attached_media\[\d+\]", k)):
                fbid = json.loads(form[key]).get("media_fbid")
                if fbid not in self.photos:
                    return graph_error(400, 100, f"(#100) unknown media_fbid {fbid}")
                attached.append(fbid)
            if attached and form.get("link"):
                return graph_error(400, 100, "(#100) link and attached_media cannot be combined")
            for post in self.posts:
                if post["message"] == form["message"] and post.get("link") == form.get("link"):
                    return graph_error(400, 506, "Duplicate status message")
            post_id = f"{self.page_id}_{9000 + len(self.posts)}"
            self.posts.append(
                {
                    "id": post_id,
                    "message": form["message"],
                    "link": form.get("link"),
                    "attached": attached,
                }
            )
            return Reply(200, {"id": post_id})
        if req.method == "GET" and edge == "feed":
            if "fields" not in req.query:
                return graph_error(400, 100, "fields is required by this test")
            limit = int(req.query.get("limit", ["25"])[0])
            data = []
            for post in reversed(self.posts[-limit:]):
                item = {
                    "id": post["id"],
                    "message": post["message"],
                    "permalink_url": f"https://www.facebook.com/{post['id']}",
                }
                if post.get("link"):
                    item["attachments"] = {"data": [{"unshimmed_url": post["link"]}]}
                data.append(item)
            return Reply(200, {"data": data})
        return graph_error(400, 100, f"Unsupported {req.method} {edge}")

    def count(self, url: str) -> int:
        return sum(1 for p in self.posts if p.get("link") == url or url in p["message"])
