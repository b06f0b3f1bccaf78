"""A fake X API v2: OAuth 1.0a signatures verified with the test credentials, tweets, user
timeline, v2 chunked media upload with processing status."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import parse_qsl

from oauthlib.oauth1 import Client as OAuth1Client
from syndication.formatting import x_length

from .server import FakeAPI, Reply, Request

CREDENTIALS = {
    "api_key": "ck-test",
    "api_secret": "cs-secret-1",
    "access_token": "42-at-test",
    "access_secret": "as-secret-2",
}
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."


def problem(status: int, title: str, detail: str) -> Reply:
    return Reply(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status}
    )


class FakeX(FakeAPI):
    def __init__(self, *, user_id: str = "42", photo: bytes = b"", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id
        self.tweets: list[dict[str, Any]] = []
        self.media: dict[str, dict[str, Any]] = {}
        self.photo = photo
        self.bearer = ""

    def rate_limited(self, req: Request) -> Reply:
        reply = problem(429, "Too Many Requests", "Too Many Requests")
        reply.headers.update(
            {
                "x-rate-limit-limit": "100",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(int(time.time())),
            }
        )
        return reply

    def _authorized(self, req: Request) -> bool:
        auth = req.headers.get("Authorization", "")
        if self.bearer:
            return auth == f"Bearer {self.bearer}"
        if not auth.startswith("OAuth "):
            return False
        params = dict(parse_qsl(re.sub(r'",\s*', "&", auth[6:]).replace('"', "")))
        needed = {
            "oauth_consumer_key",
            "oauth_nonce",
            "oauth_signature",
            "oauth_timestamp",
            "oauth_token",
            "oauth_version",
            "oauth_signature_method",
        }
        if not needed <= params.keys() or params["oauth_signature_method"] != "HMAC-SHA1":
            return False
        if params["oauth_consumer_key"] != CREDENTIALS["api_key"]:
            return False
        host = req.headers.get("Host")
        url = f"http://{host}{req.path}"
        if req.query:
            url += "?" + "&".join(f"{k}={v[0]}" for k, v in req.query.items())
        client = OAuth1Client(
            CREDENTIALS["api_key"],
            client_secret=CREDENTIALS["api_secret"],
            resource_owner_key=CREDENTIALS["access_token"],
            resource_owner_secret=CREDENTIALS["access_secret"],
            nonce=params["oauth_nonce"],
            timestamp=params["oauth_timestamp"],
        )
        _, headers, _ = client.sign(url, http_method=req.method)
        expected = dict(
            parse_qsl(re.sub(r'",\s*', "&", headers["Authorization"][6:]).replace('"', ""))
        )
        return expected["oauth_signature"] == params["oauth_signature"]

    def route(self, req: Request) -> Reply:  # noqa: PLR0911
        if req.path.startswith("/site/"):
            return Reply(200, self.photo, {"Content-Type": "image/jpeg"})
        if self.expired:
            return problem(401, "Unauthorized", "Unauthorized")
        if not self._authorized(req):
            return problem(401, "Unauthorized", "Unauthorized")
        if req.method == "GET" and req.path == "/2/users/me":
            return Reply(200, {"data": {"id": self.user_id, "username": "kominfotikJU"}})
        if req.method == "GET" and req.path == f"/2/users/{self.user_id}/tweets":
            limit = int(req.query.get("max_results", ["10"])[0])
            return Reply(
                200,
                {
                    "data": list(reversed(self.tweets))[:limit],
                    "meta": {"result_count": min(limit, len(self.tweets))},
                },
            )
        if req.method == "POST" and req.path == "/2/tweets":
            return self._tweet(req.json())
        if req.path.startswith("/2/media"):
            return self._media(req)
        return problem(404, "Not Found", req.path)

    def _tweet(self, body: dict[str, Any]) -> Reply:
        text = body.get("text", "")
        if not text or x_length(text) > 280:
            return problem(400, "Invalid Request", "text is empty or too long")
        for media_id in (body.get("media") or {}).get("media_ids", []):
            if self.media.get(media_id, {}).get("state") != "succeeded":
                return problem(400, "Invalid Request", f"media {media_id} not ready")
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        if reply_to and reply_to not in {t["id"] for t in self.tweets}:
            return problem(400, "Invalid Request", "reply target not found")
        if any(t["text"] == text and not reply_to for t in self.tweets):
            return problem(403, "Forbidden", DUPLICATE)
        tweet_id = str(17000 + len(self.tweets))
        urls = [
            {"expanded_url": u, "url": "https://t.co/x"} for u in re.findall(r"https?://\S+", text)
        ]
        tweet = {"id": tweet_id, "text": text, "entities": {"urls": urls}}
        if reply_to:
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": reply_to}]
        self.tweets.append(tweet)
        return Reply(201, {"data": {"id": tweet_id, "text": text}})

    def _media(self, req: Request) -> Reply:  # noqa: PLR0911
        if req.method == "POST" and req.path == "/2/media/upload/initialize":
            body = req.json()
            if body.get("media_category") != "tweet_image" or not body.get("total_bytes"):
                return problem(400, "Invalid Request", "media_category/total_bytes")
            media_id = str(3000 + len(self.media))
            self.media[media_id] = {"total": body["total_bytes"], "bytes": 0, "state": "init"}
            return Reply(
                200,
                {
                    "data": {
                        "id": media_id,
                        "media_key": f"3_{media_id}",
                        "expires_after_secs": 86400,
                    }
                },
            )
        match = re.fullmatch(r"/2/media/upload/(\d+)/(append|finalize)", req.path)
        if req.method == "POST" and match and match.group(1) in self.media:
            item = self.media[match.group(1)]
            if match.group(2) == "append":
                ctype = req.headers.get("Content-Type", "")
                if (
                    not ctype.startswith("multipart/form-data")
                    or b'name="segment_index"' not in req.body
                    or b'name="media"' not in req.body
                ):
                    return problem(400, "Invalid Request", "multipart media + segment_index")
                item["bytes"] = item["total"]
                return Reply(204)
            if item["bytes"] != item["total"]:
                return problem(400, "Invalid Request", "finalize before all bytes appended")
            item["state"] = "pending"
            return Reply(
                200,
                {
                    "data": {
                        "id": match.group(1),
                        "processing_info": {"state": "pending", "check_after_secs": 0},
                    }
                },
            )
        if req.method == "GET" and req.path == "/2/media/upload":
            media_id = req.query.get("media_id", [""])[0]
            if req.query.get("command") != ["STATUS"] or media_id not in self.media:
                return problem(400, "Invalid Request", "STATUS needs media_id")
            self.media[media_id]["state"] = "succeeded"
            return Reply(200, {"data": {"id": media_id, "processing_info": {"state": "succeeded"}}})
        if req.method == "POST" and req.path == "/2/media/metadata":
            body = req.json()
            if body.get("id") not in self.media:
                return problem(400, "Invalid Request", "unknown media")
            return Reply(200, {"data": {"associated_metadata": True}})
        return problem(404, "Not Found", req.path)

    def count(self, url: str) -> int:
        return sum(1 for t in self.tweets if url in t["text"] and "referenced_tweets" not in t)
