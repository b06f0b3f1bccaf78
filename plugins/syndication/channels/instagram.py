"""Instagram professional account through the Instagram Graph API content publishing flow
(developers.facebook.com/docs/instagram-platform/content-publishing, reference IG User /media,
/media_publish, /content_publishing_limit, IG Container, Error Codes), checked there:

1. ``POST /{ig-user-id}/media`` with ``image_url``, ``caption``, ``alt_text`` (image posts, since
   March 2025) → container id. Carousel: one container per photo with ``is_carousel_item=true``
   (at most 10), then ``media_type=CAROUSEL`` with ``children=<id,id,…>`` and the caption.
2. ``GET /{container}?fields=status_code,status`` until ``FINISHED`` (``IN_PROGRESS``,
   ``ERROR`` with the subcode in ``status``, ``EXPIRED`` after 24 h, ``PUBLISHED``).
3. ``POST /{ig-user-id}/media_publish`` with ``creation_id`` → the media id.

Instagram fetches ``image_url`` itself (JPEG, at most 8 MB, 4:5 – 1.91:1): we use the media
plugin's "instagram" rendition at its deployed address and check it is reachable first.
``GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`` gives the 24-hour
publishing limit (:meth:`capacity`). Every step is checkpointed: a rerun re-checks the saved
container (never a second post), replaces an expired one, and a published one is found again in
``GET /{ig-user-id}/media`` by the story's short address, which every caption carries.

Environment: ``SYNDICATION_INSTAGRAM_USER_ID``, ``SYNDICATION_INSTAGRAM_TOKEN`` (a token with
``instagram_content_publish``), optional ``SYNDICATION_INSTAGRAM_API_URL``
(default https://graph.facebook.com).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from ..errors import AuthError, ChannelError, PermanentError, TransientError
from ..formatting import plain_length
from ..media_check import NOT_DEPLOYED_WAIT, check_public_image
from ..story import Story
from . import register
from .base import Channel, Checkpoint, Delivery, Post
from .facebook import PERMISSION_CODES, TOKEN_CODES, TRANSIENT_CODES, graph_error

logger = logging.getLogger(__name__)

API_VERSION = "v22.0"
CAPTION_MAX = 2200
HASHTAGS_MAX = 5
CAROUSEL_MAX = 10
IMAGE_MAX_BYTES = 8 * 1024 * 1024
READ_MORE = "Baca selengkapnya: link di bio ({short})"
#: Content-publishing error subcodes (Instagram Platform "Error Codes").
RETRY_SUBCODES = {2207001, 2207003, 2207027, 2207032}
LIMIT_SUBCODE = 2207042
EXPIRED_SUBCODES = {2207008, 2207020}
MEDIA_SUBCODES = {
    2207004: "foto lebih besar dari 8 MB",
    2207009: "perbandingan sisi foto di luar 4:5 – 1,91:1",
    2207052: "foto tidak bisa diambil Instagram dari alamatnya",
    2207010: "keterangan terlalu panjang",
    2207028: "susunan carousel tidak sah",
}


def short_address(url: str) -> str:
    """``https://host/berita/2026/11/28/slug/`` → ``host/berita/2026/11/28/slug``."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def marker(url: str) -> str:
    """What identifies a story in a caption: its path, e.g. ``/berita/2026/11/28/slug``."""
    return urlsplit(url).path.rstrip("/")


@register
class InstagramChannel(Channel):
    name: ClassVar[str] = "instagram"
    label: ClassVar[str] = "Instagram"
    required: ClassVar[tuple[str, ...]] = ("user_id", "token")
    secrets: ClassVar[tuple[str, ...]] = ("token",)
    default_base_url: ClassVar[str] = "https://graph.facebook.com"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opts = self.options
        self.version = opts.get("api_version", API_VERSION)
        self.user_id = self.env.get("user_id", "")
        self.options["max_hashtags"] = min(HASHTAGS_MAX, int(opts.get("max_hashtags", 5)))
        self.read_more = str(opts.get("read_more", READ_MORE))
        if "{short}" not in self.read_more and "{url}" not in self.read_more:
            self.read_more += " ({short})"  # the address is the marker reconcile looks for
        self.max_photos = max(1, min(CAROUSEL_MAX, int(opts.get("max_photos", CAROUSEL_MAX))))
        self.polls = int(opts.get("status_polls", 8))
        self.poll_base = float(opts.get("status_wait", 1.0))
        self.poll_cap = float(opts.get("status_wait_max", 15.0))
        self.check_photos = bool(opts.get("check_photos", True))
        self.sleep = time.sleep

    # --- format --------------------------------------------------------------------------
    def skip_reason(self, story: Story) -> str | None:
        if not story.photos:
            return "Instagram hanya menerima kiriman berfoto; berita ini tanpa foto"
        return None

    def format(self, story: Story) -> Post:
        photos = min(len(story.photos), self.max_photos)
        post = self.build_post(
            story,
            measure=plain_length,
            limit=CAPTION_MAX,
            link_in_text=True,
            photos=photos,
            tags_from=("kecamatan", "tags"),
            max_tags=HASHTAGS_MAX,
            # No clickable link on Instagram: say where to read on (compose never cuts it).
            link_text=self.read_more.format(short=short_address(story.url), url=story.url),
            rendition="instagram",
            extra={"penanda": marker(story.url), "jenis": "carousel" if photos > 1 else "foto"},
        )
        return replace(post, link="")  # the caption carries no link

    def outbox_request(self, post: Post) -> dict[str, Any]:
        base = f"{self.base_url}/{self.version}/{{ig-user-id}}"
        requests: list[dict[str, Any]] = []
        if len(post.media) == 1:
            data = {"image_url": post.media[0].url, "caption": post.text}
            requests.append({"method": "POST", "url": f"{base}/media", "data": data})
        else:
            for m in post.media:
                data = {"image_url": m.url, "is_carousel_item": "true", "alt_text": m.alt}
                requests.append({"method": "POST", "url": f"{base}/media", "data": data})
            data = {"media_type": "CAROUSEL", "children": "<anak 1..n>", "caption": post.text}
            requests.append({"method": "POST", "url": f"{base}/media", "data": data})
        publish = {"creation_id": "<wadah>"}
        requests.append({"method": "POST", "url": f"{base}/media_publish", "data": publish})
        return {"post": post.as_dict(), "requests": requests}

    # --- HTTP ----------------------------------------------------------------------------
    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        url = f"{self.base_url}/{self.version}/{path.lstrip('/')}"
        headers = {"Authorization": f"Bearer {self.env.get('token', '')}"}
        response = self.request(method, url, headers=headers, **kwargs)
        data = self.json_body(response)
        if response.status_code < 400 and "error" not in data:
            return data
        raise self._error(response, data)

    def _error(self, response: httpx.Response, data: dict[str, Any]) -> ChannelError:
        err, code, sub, detail = graph_error(response, data)
        status = response.status_code
        if code in TOKEN_CODES:
            return AuthError(
                "Instagram: token akses kedaluwarsa atau dicabut. Buat token baru (izin "
                "instagram_content_publish) lalu simpan di SYNDICATION_INSTAGRAM_TOKEN",
                code=str(code),
                detail=detail,
            )
        if code in PERMISSION_CODES:
            return AuthError(
                "Instagram: token tidak punya izin memposting (butuh instagram_basic dan "
                "instagram_content_publish) atau SYNDICATION_INSTAGRAM_USER_ID salah",
                code=str(code),
                detail=detail,
            )
        if sub == LIMIT_SUBCODE:
            return TransientError(
                "Instagram: batas kiriman 24 jam tercapai; sisanya dikirim pada run berikutnya",
                code=str(sub),
                detail=detail,
                retry_after=NOT_DEPLOYED_WAIT,
            )
        retry = code in TRANSIENT_CODES or sub in RETRY_SUBCODES or err.get("is_transient")
        if retry or status == 429 or status >= 500:
            return TransientError(
                "Instagram: server sedang sibuk atau batas panggilan tercapai",
                code=str(sub or code or status),
                detail=detail,
                maybe_delivered=status >= 500,
            )
        what = MEDIA_SUBCODES.get(sub, "kiriman ditolak")
        return PermanentError(
            f"Instagram: {what}. Periksa foto/teks berita lalu jalankan "
            "invoke syndicate --retry-failed",
            code=str(sub or code or status),
            detail=detail,
        )

    def capacity(self) -> int | None:
        try:
            data = self._call(
                "GET",
                f"{self.user_id}/content_publishing_limit",
                params={"fields": "quota_usage,config"},
            )
        except ChannelError as exc:
            logger.warning("Instagram: batas publikasi tidak bisa dibaca (%s)", exc)
            return None
        rows = data.get("data") or [{}]
        usage = int(rows[0].get("quota_usage") or 0)
        total = (rows[0].get("config") or {}).get("quota_total")
        return None if total is None else max(0, int(total) - usage)

    # --- publish / reconcile ---------------------------------------------------------------
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        for _ in range(2):  # a container that expired is replaced once
            container = progress.get("container") or self._create(post, progress, checkpoint)
            try:
                state = self._wait(container)
            except PermanentError:
                checkpoint({"container": None, "children": []})  # never reuse a failed one
                raise
            if state == "EXPIRED":
                logger.info("Instagram: wadah %s kedaluwarsa, dibuat ulang", container)
                checkpoint({"container": None, "children": []})
                continue
            if state == "PUBLISHED":
                found = self.reconcile(post, progress)
                if found is not None:
                    return found
                return Delivery(remote_id=f"container:{container}")
            answer = self._call(
                "POST", f"{self.user_id}/media_publish", data={"creation_id": container}
            )
            return self._delivery(str(answer["id"]))
        raise TransientError("Instagram: wadah kiriman terus kedaluwarsa; dicoba lagi nanti")

    def _create(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> str:
        children: list[str] = list(progress.get("children") or [])
        if self.check_photos:
            for media in post.media[len(children) :]:
                check_public_image(
                    self.client, media.url, label=self.label, max_bytes=IMAGE_MAX_BYTES
                )
        if len(post.media) == 1:
            media = post.media[0]
            data = {"image_url": media.url, "caption": post.text}
            if media.alt:
                data["alt_text"] = media.alt
            container = str(self._call("POST", f"{self.user_id}/media", data=data)["id"])
            checkpoint({"container": container, "created_at": int(time.time())})
            return container
        for media in post.media[len(children) :]:
            data = {"image_url": media.url, "is_carousel_item": "true"}
            if media.alt:
                data["alt_text"] = media.alt
            children.append(str(self._call("POST", f"{self.user_id}/media", data=data)["id"]))
            checkpoint({"children": children})
        data = {"media_type": "CAROUSEL", "children": ",".join(children), "caption": post.text}
        container = str(self._call("POST", f"{self.user_id}/media", data=data)["id"])
        checkpoint({"container": container, "created_at": int(time.time())})
        return container

    def _status(self, container: str) -> tuple[str, str]:
        data = self._call("GET", container, params={"fields": "status_code,status"})
        return str(data.get("status_code") or ""), str(data.get("status") or "")

    def _wait(self, container: str) -> str:
        """Poll the container with bounded exponential backoff until it leaves IN_PROGRESS."""
        for attempt in range(self.polls):
            code, status = self._status(container)
            if code == "ERROR":
                raise PermanentError(
                    "Instagram tidak bisa memproses foto berita ini (wadah ERROR). Periksa foto "
                    "(JPEG ≤ 8 MB, sisi 4:5 – 1,91:1) lalu jalankan invoke syndicate "
                    "--retry-failed",
                    code="ERROR",
                    detail=f"container {container}: {status}",
                )
            if code != "IN_PROGRESS":
                return code
            if attempt + 1 < self.polls:
                self.sleep(min(self.poll_cap, self.poll_base * 2**attempt))
        raise TransientError(
            "Instagram: foto masih diproses; dilanjutkan pada run berikutnya",
            code="IN_PROGRESS",
            detail=f"container {container}",
        )

    def _delivery(self, media_id: str, permalink: str | None = None) -> Delivery:
        if not permalink:
            try:
                permalink = self._call("GET", media_id, params={"fields": "permalink"}).get(
                    "permalink"
                )
            except ChannelError as exc:  # the post exists: a missing link is not a failure
                logger.warning("Instagram: tautan kiriman %s belum terbaca (%s)", media_id, exc)
        return Delivery(remote_id=media_id, remote_url=permalink)

    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        key = re.compile(re.escape(marker(post.story_url)) + r"(?![\w/-])")
        data = self._call(
            "GET",
            f"{self.user_id}/media",
            params={
                "fields": "id,caption,permalink,timestamp",
                "limit": str(self.options.get("reconcile_limit", 50)),
            },
        )
        for item in data.get("data", []):
            caption = str(item.get("caption") or "")
            if key.search(caption):
                return Delivery(remote_id=str(item["id"]), remote_url=item.get("permalink"))
        container = progress.get("container")
        if container and self._status(container)[0] == "PUBLISHED":
            return Delivery(remote_id=f"container:{container}")
        return None
