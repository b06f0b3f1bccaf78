"""YouTube (Data API v3): a story whose ``Video:`` is a local file is uploaded once to the
office's channel, gets the lead photo as its thumbnail, and the video id is written back into
the story so the next build embeds it.

Contracts checked against the official documentation (developers.google.com/youtube/v3):

- *Resumable upload protocol* (guides/using_resumable_upload_protocol): initiation
  ``POST {upload}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the
  video resource as JSON and ``X-Upload-Content-Length``/``X-Upload-Content-Type``; the session
  URI comes back in ``Location``. Chunks are ``PUT`` with ``Content-Range: bytes a-b/TOTAL`` (chunk
  size a multiple of 256 KiB except the last); ``308 Resume Incomplete`` with ``Range:
  bytes=0-N`` between chunks (no ``Range`` when nothing arrived); ``200``/``201`` with the video
  resource at the end. After an interruption an empty ``PUT`` with ``Content-Range: bytes
  */TOTAL`` asks how far the server got. ``404``/``410`` mean the session is gone.
- *thumbnails.set*: ``POST {upload}/upload/youtube/v3/thumbnails/set?videoId=…`` with the image
  as body (``image/jpeg``/``image/png``, at most 2 MB); 403 ``forbidden`` when the channel may not
  set custom thumbnails (an unverified channel) — the video stays, the ledger notes why.
- *Errors* (docs/errors): ``{"error": {"code", "message", "errors": [{"domain", "reason"}]}}``.
  ``quotaExceeded`` (403, youtube.quota), ``uploadLimitExceeded`` (youtube.video, "try again in
  24 hours"), ``rateLimitExceeded``/``userRateLimitExceeded`` (403/429). Quota errors queue the
  story for a later run (the daily quota resets at midnight Pacific Time), they are no failure.
- *Quota* (determine_quota_cost): ``videos.insert`` has its own bucket (default 100 uploads a
  day; historically 1,600 units each), ``thumbnails.set`` ≈ 50 units, list calls 1 unit.
- *OAuth 2.0 for installed/server apps*: ``POST {token}`` with ``client_id``, ``client_secret``,
  ``refresh_token``, ``grant_type=refresh_token`` → ``access_token`` + ``expires_in``;
  ``invalid_grant`` when the refresh token is expired or revoked.
- *Reconcile*: ``channels.list?part=contentDetails&mine=true`` →
  ``contentDetails.relatedPlaylists.uploads`` → ``playlistItems.list?part=snippet`` (newest first),
  matched on the marker line ``ID berita: <story id>`` of the description.

Credentials (env): ``SYNDICATION_YOUTUBE_CLIENT_ID``, ``_CLIENT_SECRET``, ``_REFRESH_TOKEN``;
base URLs ``_API_URL``, ``_UPLOAD_URL`` (both https://www.googleapis.com) and ``_TOKEN_URL``
(https://oauth2.googleapis.com/token).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from ..errors import AuthError, ChannelError, PermanentError, TransientError
from ..formatting import hashtag
from ..redact import register_secrets
from ..story import Story
from ..writeback import write_video_id
from . import register
from .base import Channel, Checkpoint, Delivery, Media, Post

logger = logging.getLogger(__name__)

CHUNK_UNIT = 256 * 1024
TITLE_MAX = 100  # characters
DESCRIPTION_MAX = 5000  # bytes
TAGS_MAX = 500  # characters, a tag with a space counts its quotes
THUMBNAIL_MAX = 2 * 1024 * 1024
MARKER = "ID berita: "
QUOTA_REASONS = {"quotaExceeded", "uploadLimitExceeded", "dailyLimitExceeded"}
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
PACIFIC = ZoneInfo("America/Los_Angeles")
VIDEO_MIME = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime"}
VIDEO_MIME[".webm"] = "video/webm"
_RANGE = re.compile(r"bytes=0-(\d+)")
_ANGLE = str.maketrans({"<": "‹", ">": "›"})


class SessionGoneError(TransientError):
    """The resumable session expired (404/410): reconcile, then start a new one."""


def seconds_to_quota_reset(now: datetime | None = None) -> float:
    """Seconds until the next midnight Pacific Time, when YouTube quotas reset."""
    now = (now or datetime.now(PACIFIC)).astimezone(PACIFIC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def video_tags(story: Story, limit: int = TAGS_MAX) -> list[str]:
    """Kecamatan, kelurahan, rubrik and topics; the total stays within YouTube's 500 characters
    (a tag containing a space is counted with the quotes YouTube adds)."""
    out: list[str] = []
    used = 0
    seen: set[str] = set()
    for raw in (story.kecamatan, story.kelurahan, story.category, *story.tags, "Jakarta Utara"):
        tag = " ".join(raw.translate(_ANGLE).split())
        if not tag or tag.casefold() in seen:
            continue
        cost = len(tag) + (2 if " " in tag else 0) + (1 if out else 0)
        if used + cost > limit:
            break
        out.append(tag)
        seen.add(tag.casefold())
        used += cost
    return out


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so it has at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–—") + "…"


def description(story: Story, footer: str = "") -> str:
    """Summary, link back to the story, hashtags and the marker reconcile looks for; angle
    brackets are not allowed by YouTube and become similar quotes; at most 5,000 bytes."""
    tags = " ".join(t for t in (hashtag(story.kecamatan), hashtag("Jakarta Utara")) if t)
    tail = [f"Baca selengkapnya: {story.url}"]
    if footer:
        tail.append(footer)
    if tags:
        tail.append(tags)
    tail.append(f"{MARKER}{story.id}")
    tail_text = "\n\n".join(tail).translate(_ANGLE)
    summary = " ".join(story.summary.translate(_ANGLE).split())
    room = DESCRIPTION_MAX - len(tail_text.encode()) - 2
    if len(summary.encode()) > room:  # cut at a word boundary, by bytes
        head = summary.encode()[: max(0, room - len("…".encode()))].decode("utf-8", "ignore")
        head = head.rsplit(" ", 1)[0] if " " in head else ""
        summary = f"{head.rstrip(',;:-–—')}…" if head else ""
    return f"{summary}\n\n{tail_text}" if summary else tail_text


@register
class YouTubeChannel(Channel):
    name: ClassVar[str] = "youtube"
    label: ClassVar[str] = "YouTube"
    required: ClassVar[tuple[str, ...]] = ("client_id", "client_secret", "refresh_token")
    secrets: ClassVar[tuple[str, ...]] = ("client_secret", "refresh_token")
    default_base_url: ClassVar[str] = "https://www.googleapis.com"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload_url = self.env.get("upload_url", self.default_base_url).rstrip("/")
        self.token_url = self.env.get("token_url", "https://oauth2.googleapis.com/token")
        opts = self.options
        units = max(1, int(opts.get("chunk_mb", 8) * 1024 * 1024) // CHUNK_UNIT)
        self.chunk = units * CHUNK_UNIT
        self.category = str(opts.get("category_id", "25"))
        self.privacy = str(opts.get("privacy", "public"))
        self.output = Path(opts.get("output_path") or os.environ.get("OUTPUT_PATH", "output"))
        self.content_root = Path(opts.get("content_root", "."))
        self.uploads_per_run = opts.get("uploads_per_run")
        self.stall_limit = int(opts.get("stall_limit", 5))
        self._token = ""
        self._token_expires = 0.0
        self._uploads = ""

    # --- which stories ---------------------------------------------------------------------
    def skip_reason(self, story: Story) -> str:
        if story.youtube_id:
            return "video sudah ada di YouTube (Video: berisi tautan YouTube)"
        if not story.video_file:
            return "berita tanpa berkas video"
        return ""

    def capacity(self) -> int | None:
        return None if self.uploads_per_run is None else int(self.uploads_per_run)

    # --- format ----------------------------------------------------------------------------
    def format(self, story: Story) -> Post:
        title = clip(story.title.translate(_ANGLE), TITLE_MAX)
        text = description(story, self.options.get("footer", ""))
        lead = next(iter(story.photos), None)
        media = ()
        if lead is not None:
            rendition = lead.renditions.get(self.options.get("thumbnail", "16x9")) or {}
            url = rendition.get("url") or lead.url
            media = (Media(url, lead.alt, rendition.get("mime", "image/jpeg")),)
        path = Path(story.video_file) if story.video_file else None
        return Post(
            channel=self.name,
            story_id=story.id,
            story_url=story.url,
            text=text,
            length=len(text.encode()),  # YouTube counts the description in bytes
            limit=DESCRIPTION_MAX,
            link=story.url,
            media=media,
            extra={
                "judul": title,
                "video": str(path or ""),
                "tag": ", ".join(video_tags(story)),
                "kategori": self.category,
                "privasi": self.privacy,
            },
        )

    def resource(self, post: Post) -> dict[str, Any]:
        """The ``video`` resource sent with the initiation request."""
        tags = [t for t in post.extra["tag"].split(", ") if t]
        return {
            "snippet": {
                "title": post.extra["judul"],
                "description": post.text,
                "tags": tags,
                "categoryId": post.extra["kategori"],
                "defaultLanguage": "id",
                "defaultAudioLanguage": "id",
            },
            "status": {
                "privacyStatus": post.extra["privasi"],
                "selfDeclaredMadeForKids": False,
                "embeddable": True,
            },
        }

    def outbox_request(self, post: Post) -> dict[str, Any]:
        path = Path(post.extra["video"])
        size = path.stat().st_size if path.is_file() else None
        requests: list[dict[str, Any]] = [
            {
                "method": "POST",
                "url": f"{self.upload_url}/upload/youtube/v3/videos"
                "?uploadType=resumable&part=snippet,status",
                "headers": {
                    "X-Upload-Content-Length": size,
                    "X-Upload-Content-Type": VIDEO_MIME.get(path.suffix.lower(), "video/*"),
                },
                "json": self.resource(post),
                "file": str(path),
            }
        ]
        if post.media:
            requests.append(
                {
                    "method": "POST",
                    "url": f"{self.upload_url}/upload/youtube/v3/thumbnails/set"
                    "?videoId=<video>&uploadType=media",
                    "file": post.media[0].url,
                }
            )
        return {"post": post.as_dict(), "requests": requests}

    # --- OAuth -----------------------------------------------------------------------------
    def access_token(self, *, renew: bool = False) -> str:
        """A valid access token from the refresh-token grant, cached until shortly before it
        expires."""
        if self._token and not renew and time.monotonic() < self._token_expires:
            return self._token
        response = self.request(
            "POST",
            self.token_url,
            data={
                "client_id": self.env.get("client_id", ""),
                "client_secret": self.env.get("client_secret", ""),
                "refresh_token": self.env.get("refresh_token", ""),
                "grant_type": "refresh_token",
            },
        )
        body = self.json_body(response)
        if response.status_code == 200 and body.get("access_token"):
            self._token = str(body["access_token"])
            register_secrets([self._token])
            lifetime = float(body.get("expires_in") or 3600)
            self._token_expires = time.monotonic() + max(0.0, lifetime - 60)
            return self._token
        error = str(body.get("error") or response.status_code)
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientError(
                f"YouTube: server token Google error {response.status_code}", code=error
            )
        if error == "invalid_client":
            raise AuthError(
                "YouTube: client OAuth tidak dikenal Google. Periksa "
                "SYNDICATION_YOUTUBE_CLIENT_ID dan SYNDICATION_YOUTUBE_CLIENT_SECRET "
                "(Google Cloud Console → Kredensial)",
                code=error,
            )
        raise AuthError(
            "YouTube: refresh token ditolak (kedaluwarsa atau dicabut). Buat ulang izin akun "
            "YouTube kantor lalu simpan token baru di SYNDICATION_YOUTUBE_REFRESH_TOKEN",
            code=error,
            detail=str(body.get("error_description", ""))[:200],
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One authorised call; a 401 renews the access token once and tries again."""
        headers = dict(kwargs.pop("headers", {}))
        for renew in (False, True):
            headers["Authorization"] = f"Bearer {self.access_token(renew=renew)}"
            response = self.request(method, url, headers=headers, **kwargs)
            if response.status_code != 401:
                return response
        return response

    def _api(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        response = self._send("GET", f"{self.base_url}{path}", params=params)
        body = self.json_body(response)
        if response.status_code == 200:
            return body
        raise self._error(response, body)

    def _error(
        self, response: httpx.Response, body: Mapping[str, Any], *, upload: bool = False
    ) -> ChannelError:
        status = response.status_code
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
        detail = str(error.get("message") or body)[:300]
        code = ",".join(sorted(reasons)) or str(status)
        if reasons & QUOTA_REASONS:
            return TransientError(
                "YouTube: kuota unggah harian habis; video diantrekan dan dicoba lagi setelah "
                "kuota pulih (tengah malam waktu Pasifik)",
                code=code,
                detail=detail,
                retry_after=seconds_to_quota_reset(),
            )
        if reasons & RATE_REASONS or status == 429:
            return TransientError("YouTube: terlalu banyak permintaan", code=code, detail=detail)
        if status >= 500:
            return TransientError(
                f"YouTube: server error {status}", code=code, detail=detail, maybe_delivered=upload
            )
        if status == 401:
            return AuthError(
                "YouTube: token akses ditolak walau baru diperbarui. Buat ulang izin akun lalu "
                "simpan di SYNDICATION_YOUTUBE_REFRESH_TOKEN",
                code=code,
                detail=detail,
            )
        if status == 403:
            return AuthError(
                "YouTube: akun tidak diizinkan mengunggah (izin youtube.upload belum diberikan "
                "atau kanal dibatasi). Buat ulang izin dengan cakupan youtube.upload",
                code=code,
                detail=detail,
            )
        return PermanentError("YouTube menolak video ini", code=code, detail=detail)

    # --- upload ----------------------------------------------------------------------------
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        video_id = progress.get("video_id")
        if not video_id:
            video_id = self._upload(post, progress, checkpoint)
            checkpoint({"video_id": video_id, "session": None, "offset": None})
        extra: dict[str, Any] = {}
        if "thumbnail" not in progress:
            note = self._thumbnail(post, video_id)
            checkpoint({"thumbnail": note})
        extra["thumbnail"] = progress.get("thumbnail")
        return Delivery(video_id, f"https://youtu.be/{video_id}", extra)

    def _video(self, post: Post) -> tuple[Path, int, str]:
        path = Path(post.extra["video"])
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PermanentError(
                f"YouTube: berkas video {path} tidak bisa dibaca ({exc.strerror}); salin ulang "
                "videonya ke folder berita"
            ) from None
        if size == 0:
            raise PermanentError(f"YouTube: berkas video {path} kosong; ekspor ulang videonya")
        return path, size, VIDEO_MIME.get(path.suffix.lower(), "application/octet-stream")

    def _upload(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> str:
        path, size, mime = self._video(post)
        session = progress.get("session")
        register_secrets([session] if session else [])
        if session and progress.get("total") != size:
            raise PermanentError(
                f"YouTube: berkas {path.name} berubah di tengah unggahan; kembalikan berkas "
                "aslinya atau hapus entri youtube di buku sindikasi lalu ulangi"
            )
        offset = 0
        if session:
            try:
                done, offset = self._status(session, size)
            except SessionGoneError:
                found = self._find(post)  # the session may have finished before it expired
                if found:
                    return found
                logger.info("%s: sesi unggah kedaluwarsa, mulai sesi baru", post.story_id)
                session = None
            else:
                if done:
                    return done
        if not session:
            session = self._initiate(post, size, mime)
            offset = 0
            checkpoint({"session": session, "total": size, "offset": 0})
        return self._send_chunks(session, path, size, mime, offset, checkpoint)

    def _initiate(self, post: Post, size: int, mime: str) -> str:
        response = self._send(
            "POST",
            f"{self.upload_url}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=self.resource(post),
            headers={
                "Content-Type": "application/json; charset=UTF-8",
                "X-Upload-Content-Length": str(size),
                "X-Upload-Content-Type": mime,
            },
        )
        location = response.headers.get("location")
        if response.status_code == 200 and location:
            register_secrets([location])  # the session URI never appears in logs or errors
            return location
        raise self._error(response, self.json_body(response) if response.content else {})

    def _status(self, session: str, size: int) -> tuple[str, int]:
        """Ask the session how far it got: (video id, size) when complete, else ("", offset)."""
        response = self._send(
            "PUT",
            session,
            content=b"",
            headers={"Content-Range": f"bytes */{size}"},
        )
        return self._progress(response, size)

    def _progress(self, response: httpx.Response, size: int) -> tuple[str, int]:
        status = response.status_code
        if status in (200, 201):
            video_id = self.json_body(response).get("id")
            if not video_id:
                raise PermanentError("YouTube: unggahan selesai tanpa id video")
            return str(video_id), size
        if status == 308:
            match = _RANGE.fullmatch(response.headers.get("range", "").strip())
            return "", int(match.group(1)) + 1 if match else 0
        if status in (404, 410):
            raise SessionGoneError("YouTube: sesi unggah kedaluwarsa", code=str(status))
        raise self._error(
            response, self.json_body(response) if response.content else {}, upload=True
        )

    def _send_chunks(
        self, session: str, path: Path, size: int, mime: str, offset: int, checkpoint: Checkpoint
    ) -> str:
        stalls = 0
        with path.open("rb") as handle:
            while True:
                handle.seek(offset)
                data = handle.read(self.chunk)
                end = offset + len(data) - 1
                try:
                    response = self._send(
                        "PUT",
                        session,
                        content=data,
                        headers={
                            "Content-Type": mime,
                            "Content-Range": f"bytes {offset}-{end}/{size}",
                        },
                    )
                    done, reached = self._progress(response, size)
                except TransientError as exc:
                    if isinstance(exc, SessionGoneError) or not exc.maybe_delivered:
                        raise
                    if stalls >= self.stall_limit:
                        raise
                    logger.info("unggahan terputus di bita %d: tanya server", offset)
                    done, reached = self._status(session, size)  # resume where the server is
                if done:
                    return done
                stalls = 0 if reached > offset else stalls + 1
                if stalls > self.stall_limit:
                    raise TransientError(
                        f"YouTube: unggahan tidak maju dari bita {reached}; dicoba lagi nanti",
                        code="stalled",
                    )
                offset = reached
                checkpoint({"offset": offset})

    # --- thumbnail -------------------------------------------------------------------------
    def _thumbnail(self, post: Post, video_id: str) -> str:
        """Set the lead photo's 16:9 rendition as thumbnail; a note for the ledger."""
        if not post.media:
            return "tanpa foto utama"
        image = self._thumbnail_bytes(post.media[0].url)
        if image is None:
            return f"foto {post.media[0].url} tidak ditemukan"
        if not image.startswith(b"\xff\xd8\xff") or len(image) > THUMBNAIL_MAX:
            return "foto bukan JPEG atau lebih dari 2 MB: thumbnail dilewati"
        response = self._send(
            "POST",
            f"{self.upload_url}/upload/youtube/v3/thumbnails/set",
            params={"videoId": video_id, "uploadType": "media"},
            content=image,
            headers={"Content-Type": "image/jpeg"},
        )
        if response.status_code == 200:
            return "dipasang"
        body = self.json_body(response) if response.content else {}
        error = self._error(response, body)
        if isinstance(error, TransientError):
            raise error
        logger.warning("%s: thumbnail ditolak: %s", post.story_id, error)
        return f"ditolak: {error}"

    def _thumbnail_bytes(self, url: str) -> bytes | None:
        """The rendition from the built site (``output_path``), else from the deployed site."""
        parts = [p for p in urlsplit(url).path.split("/") if p]
        for start in range(len(parts)):  # the site may live under a sub-path
            candidate = self.output.joinpath(*parts[start:])
            if candidate.is_file():
                return candidate.read_bytes()
        try:
            response = self.client.get(url, timeout=self.timeout)
        except httpx.HTTPError:
            return None
        return response.content if response.status_code == 200 else None

    # --- reconcile -------------------------------------------------------------------------
    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        video_id = str(progress.get("video_id") or "")
        if not video_id and progress.get("session") and progress.get("total"):
            try:
                video_id, _offset = self._status(progress["session"], int(progress["total"]))
            except SessionGoneError:
                video_id = self._find(post)
            if not video_id:
                return None  # the session lives on (publish resumes it) or nothing was made
        elif not video_id:
            video_id = self._find(post)
        if not video_id:
            return None
        url = f"https://youtu.be/{video_id}"
        if "thumbnail" not in progress:  # the video exists; only the thumbnail is left
            return Delivery(video_id, url, {"resume": {"video_id": video_id}})
        return Delivery(video_id, url, {"thumbnail": progress["thumbnail"]})

    def uploads_playlist(self) -> str:
        if not self._uploads:
            data = self._api("/youtube/v3/channels", {"part": "contentDetails", "mine": "true"})
            items = data.get("items") or []
            if not items:
                raise AuthError(
                    "YouTube: akun di SYNDICATION_YOUTUBE_REFRESH_TOKEN belum punya kanal YouTube"
                )
            details = items[0].get("contentDetails") or {}
            self._uploads = str((details.get("relatedPlaylists") or {}).get("uploads", ""))
        return self._uploads

    def _find(self, post: Post) -> str:
        """The id of an uploaded video whose description carries this story's marker."""
        marker = f"{MARKER}{post.story_id}"
        params = {"part": "snippet", "playlistId": self.uploads_playlist(), "maxResults": "50"}
        for _ in range(int(self.options.get("reconcile_pages", 2))):
            data = self._api("/youtube/v3/playlistItems", params)
            for item in data.get("items") or []:
                snippet = item.get("snippet") or {}
                lines = str(snippet.get("description", "")).splitlines()
                if marker in (line.strip() for line in lines):
                    return str((snippet.get("resourceId") or {}).get("videoId", ""))
            token = data.get("nextPageToken")
            if not token:
                break
            params = {**params, "pageToken": str(token)}
        return ""

    # --- after the delivery ----------------------------------------------------------------
    def after_posted(self, story: Story, entry: Mapping[str, Any]) -> dict[str, Any]:
        """Write the video id into the story's ``Video:`` line (once; idempotent)."""
        if story.youtube_id or not story.video_file or not entry.get("remote_id"):
            return {}
        written = write_video_id(Path(story.video_file), str(entry["remote_id"]))
        if written is None:
            return {}
        try:
            shown = written.resolve().relative_to(self.content_root.resolve())
        except ValueError:
            shown = written
        logger.info("%s: video %s ditulis ke %s", story.id, entry["remote_id"], shown)
        return {"written_back": shown.as_posix()}
