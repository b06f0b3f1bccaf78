"""Facebook Page via the Graph API (pinned version): link posts to ``/{page-id}/feed``; photo posts
upload each photo unpublished (``/{page-id}/photos``, ``published=false``) and attach them to one
``/feed`` post with ``attached_media``.

Environment: ``SYNDICATION_FACEBOOK_PAGE_ID``, ``SYNDICATION_FACEBOOK_TOKEN`` (Page access
token), optional ``SYNDICATION_FACEBOOK_API_URL`` (default https://graph.facebook.com).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import Any, ClassVar

import httpx

from ..errors import AuthError, ChannelError, DuplicateError, PermanentError, TransientError
from ..formatting import plain_length
from ..story import Story
from . import register
from .base import Channel, Checkpoint, Delivery, Post

API_VERSION = "v21.0"
#: Graph error codes documented as temporary (retry later): API unknown/service, rate limits.
TRANSIENT_CODES = {1, 2, 4, 17, 32, 341, 613, 80001}
#: Codes that mean the token is no good: expired, revoked, changed password, app removed.
TOKEN_CODES = {102, 190, 463, 467}
PERMISSION_CODES = {3, 10, *range(200, 300)}
DUPLICATE_CODE = 506
USAGE_LIMIT = 95  # percent of X-App-Usage / X-Business-Use-Case-Usage at which we pause


def usage_pause(headers: httpx.Headers) -> float | None:
    """Seconds to wait before the next call according to the Graph usage headers, or None."""
    worst = 0.0
    wait = 0.0
    for name in ("x-app-usage", "x-page-usage", "x-business-use-case-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        buckets = (
            [data]
            if name != "x-business-use-case-usage"
            else [b for items in data.values() for b in (items if isinstance(items, list) else [])]
        )
        for bucket in buckets:
            if not isinstance(bucket, dict):
                continue
            for key in ("call_count", "total_time", "total_cputime"):
                worst = max(worst, float(bucket.get(key) or 0))
            minutes = float(bucket.get("estimated_time_to_regain_access") or 0)
            wait = max(wait, minutes * 60)
    if wait:
        return wait
    return 300.0 if worst >= USAGE_LIMIT else None


def graph_error(
    response: httpx.Response, data: dict[str, Any]
) -> tuple[dict[str, Any], int, int, str]:
    """The Graph API error object of a failed call: (error, code, subcode, detail for logs)."""
    err = data.get("error") if isinstance(data.get("error"), dict) else {}
    code = int(err.get("code") or 0)
    sub = int(err.get("error_subcode") or 0)
    message = str(err.get("message") or f"HTTP {response.status_code}")
    trace = err.get("fbtrace_id") or "-"
    return err, code, sub, f"{message} (code {code}, subcode {sub or '-'}, fbtrace_id {trace})"


@register
class FacebookChannel(Channel):
    name: ClassVar[str] = "facebook"
    label: ClassVar[str] = "Facebook"
    required: ClassVar[tuple[str, ...]] = ("page_id", "token")
    secrets: ClassVar[tuple[str, ...]] = ("token",)
    default_base_url: ClassVar[str] = "https://graph.facebook.com"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = self.options.get("api_version", API_VERSION)
        self.page_id = self.env.get("page_id", "")
        self.pause_until = 0.0

    # --- format --------------------------------------------------------------------------
    def format(self, story: Story) -> Post:
        # A link post shows the page's card; a photo post carries the link in its text.
        photos = bool(self.options.get("photos", False) and story.photos)
        post = self.build_post(
            story,
            measure=plain_length,
            limit=int(self.options.get("max_length", 2000)),
            link_in_text=photos,
            photos=10 if photos else 0,
            tags_from=("kecamatan", "tags"),
            max_tags=5,
        )
        return post if photos else replace(post, media=())

    def outbox_request(self, post: Post) -> dict[str, Any]:
        base = f"{self.base_url}/{self.version}/{{page-id}}"
        requests = [
            {
                "method": "POST",
                "url": f"{base}/photos",
                "data": {"url": m.url, "published": "false"},
            }
            for m in post.media
        ]
        feed: dict[str, Any] = {"message": post.text}
        if not post.media:
            feed["link"] = post.link
        if post.media:
            feed["attached_media"] = [
                {"media_fbid": f"<foto {i + 1}>"} for i in range(len(post.media))
            ]
        requests.append({"method": "POST", "url": f"{base}/feed", "data": feed})
        return {"post": post.as_dict(), "requests": requests}

    # --- HTTP ----------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return f"{self.base_url}/{self.version}/{path.lstrip('/')}"

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        now = time.time()
        if self.pause_until > now:
            raise TransientError(
                "Facebook: batas pemakaian API hampir habis, jeda dulu",
                code="usage",
                retry_after=self.pause_until - now,
            )
        headers = {"Authorization": f"Bearer {self.env.get('token', '')}"}
        response = self.request(method, self._url(path), headers=headers, **kwargs)
        pause = usage_pause(response.headers)
        if pause:
            self.pause_until = time.time() + pause
        data = self.json_body(response)
        if response.status_code < 400 and "error" not in data:
            return data
        raise self._error(response, data)

    def _error(self, response: httpx.Response, data: dict[str, Any]) -> ChannelError:
        err, code, sub, detail = graph_error(response, data)
        status = response.status_code
        if code in TOKEN_CODES or sub in {458, 459, 460, 463, 464, 467}:
            what = "kedaluwarsa" if sub == 463 else "tidak berlaku lagi (dicabut atau diganti)"
            return AuthError(
                f"Facebook: token akses Halaman {what}. Buat Page access token baru di Meta "
                "Business Suite/Graph API Explorer lalu simpan di SYNDICATION_FACEBOOK_TOKEN",
                code=str(code),
                detail=detail,
            )
        if code in PERMISSION_CODES:
            return AuthError(
                "Facebook: token tidak punya izin memposting ke Halaman ini (butuh "
                "pages_manage_posts dan pages_read_engagement). Minta admin Halaman membuat "
                "token dengan izin itu",
                code=str(code),
                detail=detail,
            )
        if code == DUPLICATE_CODE:
            return DuplicateError(
                "Facebook: kiriman yang sama sudah ada", code="506", detail=detail
            )
        if code in TRANSIENT_CODES or err.get("is_transient") or status == 429 or status >= 500:
            return TransientError(
                "Facebook: server sedang sibuk atau batas panggilan tercapai",
                code=str(code or status),
                detail=detail,
                maybe_delivered=status >= 500 and code not in {4, 17, 32, 341, 613, 80001},
                retry_after=self.pause_until - time.time() if self.pause_until else None,
            )
        if code == 368:
            return PermanentError(
                "Facebook: Halaman sementara diblokir memposting karena dianggap melanggar "
                "kebijakan. Periksa Kualitas Halaman di Meta Business Suite",
                code="368",
                detail=detail,
            )
        return PermanentError(
            "Facebook menolak kiriman ini. Periksa teks/tautan/foto berita",
            code=str(code or status),
            detail=detail,
        )

    # --- publish / reconcile ---------------------------------------------------------------
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        photo_ids: list[str] = list(progress.get("photo_ids", []))
        for media in post.media[len(photo_ids) :]:
            data = {"url": media.url, "published": "false"}
            if media.alt:
                data["alt_text_custom"] = media.alt
            answer = self._call("POST", f"{self.page_id}/photos", data=data)
            photo_ids.append(str(answer["id"]))
            checkpoint({"photo_ids": photo_ids})
        feed: dict[str, str] = {"message": post.text}
        if not photo_ids:
            feed["link"] = post.link
        for index, photo_id in enumerate(photo_ids):
            feed[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo_id})
        answer = self._call("POST", f"{self.page_id}/feed", data=feed)
        return self._delivery(str(answer["id"]))

    def _delivery(self, post_id: str, permalink: str | None = None) -> Delivery:
        if not permalink:
            page, _, item = post_id.partition("_")
            permalink = f"https://www.facebook.com/{page}/posts/{item or page}"
        return Delivery(remote_id=post_id, remote_url=permalink)

    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        params = {
            "fields": "id,message,permalink_url,created_time,attachments{unshimmed_url,url}",
            "limit": str(self.options.get("reconcile_limit", 50)),
        }
        data = self._call("GET", f"{self.page_id}/feed", params=params)
        for item in data.get("data", []):
            urls = [
                a.get("unshimmed_url") or a.get("url")
                for a in (item.get("attachments") or {}).get("data", [])
            ]
            message = " ".join(str(item.get("message", "")).split())
            if (
                post.story_url in urls
                or post.story_url in message
                or message == " ".join(post.text.split())
            ):
                return self._delivery(str(item["id"]), item.get("permalink_url"))
        return None
