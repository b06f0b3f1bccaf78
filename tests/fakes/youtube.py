"""A fake YouTube Data API v3 + Google OAuth token endpoint, strict about the documented requests.

- ``POST /token`` (refresh-token grant, form body) issues short access tokens; tokens can be
  revoked to force a 401.
- ``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` checks the JSON
  video resource and the ``X-Upload-Content-*`` headers and answers a session URI in ``Location``.
- ``PUT`` on the session: ``Content-Range: bytes a-b/TOTAL`` chunks (multiples of 256 KiB except
  the last, starting exactly where the server is), ``308`` + ``Range`` in between, the video
  resource at the end; ``bytes */TOTAL`` status queries. ``cut_after`` drops the connection once
  a session holds that many bytes (keeping them), ``expire_sessions()`` makes sessions answer 404.
- ``quota`` (uploads left today) → 403 ``quotaExceeded``; thumbnails.set; channels.list and
  playlistItems.list over the uploads playlist. ``videos`` counts created videos.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from .server import DropConnectionError, FakeAPI, Reply, Request

CLIENT = {"client_id": "1234.apps.googleusercontent.com", "client_secret": "GOCSPX-test-secret"}
REFRESH_TOKEN = "1//0refresh-token-test"
UNIT = 256 * 1024
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")
_STATUS = re.compile(r"bytes \*/(\d+)")


def error(status: int, reason: str, message: str, domain: str = "global") -> Reply:
    body = {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
        }
    }
    return Reply(status, body)


class FakeYouTube(FakeAPI):
    def __init__(self, *, quota: int = 100, cut_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.quota = quota
        self.cut_after = cut_after
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.sessions: dict[str, dict[str, Any]] = {}
        self.videos: list[dict[str, Any]] = []
        self.thumbnails: dict[str, bytes] = {}
        self.refuse_thumbnails = False
        self.upload_limit = False  # the channel's own 24-hour upload limit
        self.chunk_faults: list[str] = []
        self.stall = False
        self.playlist = "UUkominfotikju0000000000"

    # --- helpers for tests ------------------------------------------------------------------
    def revoke_access_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def expire_sessions(self) -> None:
        with self.lock:
            for session in self.sessions.values():
                session["expired"] = True

    def count(self, story_id: str) -> int:
        marker = f"ID berita: {story_id}"
        return sum(1 for v in self.videos if marker in v["snippet"]["description"].splitlines())

    def _fault(self, req: Request) -> str | None:
        """Faults queued in ``chunk_faults`` hit the next chunk PUT (not a status query)."""
        with self.lock:
            chunk = req.method == "PUT" and _RANGE.fullmatch(req.headers.get("Content-Range", ""))
            if chunk and self.chunk_faults:
                return self.chunk_faults.pop(0)
        return super()._fault(req)

    # --- routing ----------------------------------------------------------------------------
    def rate_limited(self, req: Request) -> Reply:
        return error(429, "rateLimitExceeded", "Too many requests", "youtube.api")

    def route(self, req: Request) -> Reply:  # noqa: PLR0911
        if req.path == "/token":
            return self._token(req)
        if req.path.startswith("/site/"):
            return Reply(404, {"error": "not found"})
        if self.expired or req.headers.get("Authorization", "")[7:] not in self.tokens:
            return error(401, "authError", "Invalid Credentials")
        if req.path == "/upload/youtube/v3/videos" and req.method == "POST":
            return self._initiate(req)
        if req.path == "/upload/youtube/v3/videos" and req.method == "PUT":
            return self._put(req)
        if req.path == "/upload/youtube/v3/thumbnails/set" and req.method == "POST":
            return self._thumbnail(req)
        if req.path == "/youtube/v3/channels" and req.method == "GET":
            if req.query.get("mine") != ["true"] or "contentDetails" not in req.query.get(
                "part", [""]
            )[0].split(","):
                return error(400, "missingRequiredParameter", "mine=true&part=contentDetails")
            details = {"relatedPlaylists": {"likes": "", "uploads": self.playlist}}
            return Reply(200, {"items": [{"id": "UCkominfotikju", "contentDetails": details}]})
        if req.path == "/youtube/v3/playlistItems" and req.method == "GET":
            return self._playlist(req)
        return error(404, "notFound", f"{req.method} {req.path}")

    def _token(self, req: Request) -> Reply:
        form = req.form()
        self.token_requests += 1
        if req.method != "POST" or form.get("grant_type") != "refresh_token":
            return Reply(400, {"error": "unsupported_grant_type"})
        if (form.get("client_id"), form.get("client_secret")) != (
            CLIENT["client_id"],
            CLIENT["client_secret"],
        ):
            return Reply(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        if form.get("refresh_token") != REFRESH_TOKEN:
            return Reply(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        token = "ya29." + secrets.token_urlsafe(12)
        self.tokens.add(token)
        return Reply(
            200,
            {
                "access_token": token,
                "expires_in": 3599,
                "scope": "https://www.googleapis.com/auth/youtube.upload",
                "token_type": "Bearer",
            },
        )

    def _initiate(self, req: Request) -> Reply:  # noqa: PLR0911 (one answer per rule)
        if req.query.get("uploadType") != ["resumable"] or req.query.get("part") != [
            "snippet,status"
        ]:
            return error(400, "invalidParameter", "uploadType=resumable&part=snippet,status")
        if not req.headers.get("Content-Type", "").startswith("application/json"):
            return error(400, "badContent", "Content-Type must be application/json")
        length = req.headers.get("X-Upload-Content-Length", "")
        mime = req.headers.get("X-Upload-Content-Type", "")
        if not length.isdigit() or int(length) <= 0:
            return error(400, "invalidValue", "X-Upload-Content-Length")
        if not (mime.startswith("video/") or mime == "application/octet-stream"):
            return error(400, "invalidValue", "X-Upload-Content-Type")
        body = req.json()
        snippet, status = body.get("snippet") or {}, body.get("status") or {}
        title, text = snippet.get("title", ""), snippet.get("description", "")
        if not title or len(title) > 100 or "<" in title or ">" in title:
            return error(400, "invalidTitle", "The request metadata specifies an invalid title.")
        if len(text.encode()) > 5000 or "<" in text or ">" in text:
            return error(400, "invalidDescription", "invalid video description")
        tags = snippet.get("tags") or []
        if sum(len(t) + (2 if " " in t else 0) for t in tags) + max(0, len(tags) - 1) > 500:
            return error(
                400, "invalidTags", "The request metadata specifies invalid video keywords."
            )
        if not str(snippet.get("categoryId", "")).isdigit():
            return error(400, "invalidCategoryId", "invalid category ID")
        if status.get("privacyStatus") not in ("public", "private", "unlisted"):
            return error(400, "invalidValue", "status.privacyStatus")
        if self.upload_limit:
            return error(
                400,
                "uploadLimitExceeded",
                "The user has exceeded the number of videos they may upload.",
                "youtube.video",
            )
        if self.quota <= 0:
            return error(
                403,
                "quotaExceeded",
                "The request cannot be completed because you have exceeded your quota.",
                "youtube.quota",
            )
        self.quota -= 1
        upload_id = secrets.token_urlsafe(16)
        self.sessions[upload_id] = {
            "total": int(length),
            "data": bytearray(),
            "resource": body,
            "video": None,
            "expired": False,
        }
        host = req.headers.get("Host")
        location = (
            f"http://{host}/upload/youtube/v3/videos?uploadType=resumable"
            f"&part=snippet,status&upload_id={upload_id}"
        )
        return Reply(200, b"", {"Location": location, "Content-Type": "text/plain"})

    def _put(self, req: Request) -> Reply:  # noqa: PLR0911
        session = self.sessions.get(req.query.get("upload_id", [""])[0])
        if session is None or session["expired"]:
            return error(404, "notFound", "Upload session not found or expired")
        done = len(session["data"])
        header = req.headers.get("Content-Range", "")
        query = _STATUS.fullmatch(header)
        if query:
            if req.body or int(query.group(1)) != session["total"]:
                return error(400, "badRequest", "status query must be empty with the total")
            return self._where(session)
        match = _RANGE.fullmatch(header)
        if not match:
            return error(400, "badRequest", f"Content-Range {header!r}")
        start, end, total = (int(g) for g in match.groups())
        if total != session["total"] or start != done or end - start + 1 != len(req.body):
            return error(400, "badRequest", f"Content-Range {header!r} at {done}")
        if end + 1 < total and len(req.body) % UNIT:
            return error(400, "badRequest", "chunk size must be a multiple of 256 KiB")
        if session["video"] is not None or self.stall:
            return self._where(session)  # a stalled server keeps nothing
        if self.cut_after is not None and done < self.cut_after < end + 1:
            session["data"] += req.body[: self.cut_after - done]  # what arrived before the cut
            self.cut_after = None
            raise DropConnectionError
        session["data"] += req.body
        return self._where(session)

    def _where(self, session: dict[str, Any]) -> Reply:
        done = len(session["data"])
        if done == session["total"]:
            if session["video"] is None:
                session["video"] = self._create(session)
            return Reply(200, session["video"])
        headers = {"Range": f"bytes=0-{done - 1}"} if done else {}
        return Reply(308, b"", {**headers, "Content-Type": "text/plain"})

    def _create(self, session: dict[str, Any]) -> dict[str, Any]:
        video_id = hashlib.sha256(secrets.token_bytes(8)).hexdigest()[:11]
        video = {
            "kind": "youtube#video",
            "id": video_id,
            "snippet": session["resource"]["snippet"],
            "status": {**session["resource"]["status"], "uploadStatus": "uploaded"},
            "sha256": hashlib.sha256(session["data"]).hexdigest(),
        }
        self.videos.append(video)
        return video

    def _thumbnail(self, req: Request) -> Reply:
        video_id = req.query.get("videoId", [""])[0]
        if video_id not in {v["id"] for v in self.videos}:
            return error(404, "videoNotFound", "The video could not be found.")
        if req.headers.get("Content-Type") not in ("image/jpeg", "image/png"):
            return error(400, "invalidImage", "The provided image content is invalid.")
        if not req.body:
            return error(400, "mediaBodyRequired", "The request does not include the image.")
        if len(req.body) > 2 * 1024 * 1024 or not req.body.startswith(b"\xff\xd8\xff"):
            return error(400, "invalidImage", "The provided image content is invalid.")
        if self.refuse_thumbnails:
            return error(
                403,
                "forbidden",
                "The authenticated user doesn't have permissions to upload and set custom "
                "video thumbnails.",
            )
        self.thumbnails[video_id] = req.body
        return Reply(200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {}}]})

    def _playlist(self, req: Request) -> Reply:
        if req.query.get("playlistId") != [self.playlist] or req.query.get("part") != ["snippet"]:
            return error(404, "playlistNotFound", "playlistId/part")
        size = min(50, int(req.query.get("maxResults", ["5"])[0]))
        start = int(req.query.get("pageToken", ["0"])[0])
        newest = list(reversed(self.videos))
        items = [
            {
                "kind": "youtube#playlistItem",
                "snippet": {
                    "title": v["snippet"]["title"],
                    "description": v["snippet"]["description"],
                    "resourceId": {"kind": "youtube#video", "videoId": v["id"]},
                },
            }
            for v in newest[start : start + size]
        ]
        body: dict[str, Any] = {"items": items, "pageInfo": {"totalResults": len(newest)}}
        if start + size < len(newest):
            body["nextPageToken"] = str(start + size)
        return Reply(200, body)
