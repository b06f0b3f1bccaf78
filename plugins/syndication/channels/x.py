"""X (Twitter) via API v2: ``POST /2/tweets`` with text and ``media.media_ids``; photos through the
v2 chunked media upload (``/2/media/upload/initialize``, ``/{id}/append``, ``/{id}/finalize``,
then ``GET /2/media/upload?command=STATUS`` while ``processing_info`` says so).

Authentication: OAuth 1.0a user context signed by :mod:`oauthlib`
(``SYNDICATION_X_API_KEY``, ``_API_SECRET``, ``_ACCESS_TOKEN``, ``_ACCESS_SECRET``) or an
OAuth 2.0 user access token (``SYNDICATION_X_BEARER_TOKEN``). Link placement is configurable:
X bills posts with links more, so the link may go into a reply instead (``link: "reply"``).
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

import httpx
from oauthlib.oauth1 import Client as OAuth1Client

from ..errors import AuthError, ChannelError, DuplicateError, PermanentError, TransientError
from ..formatting import X_MAX, x_length
from ..story import Story
from . import register
from .base import Channel, Checkpoint, Delivery, Media, Post, retry_after_seconds

CHUNK = 1024 * 1024
MAX_STATUS_POLLS = 30


@register
class XChannel(Channel):
    name: ClassVar[str] = "x"
    label: ClassVar[str] = "X"
    secrets: ClassVar[tuple[str, ...]] = (
        "api_secret",
        "access_token",
        "access_secret",
        "bearer_token",
    )
    default_base_url: ClassVar[str] = "https://api.x.com"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_mode = self.options.get("link", "post")  # "post" | "reply"
        self._user_id = self.env.get("user_id", "")
        self.sleep = time.sleep

    @property
    def live(self) -> bool:
        oauth1 = all(
            self.env.get(k) for k in ("api_key", "api_secret", "access_token", "access_secret")
        )
        return oauth1 or bool(self.env.get("bearer_token"))

    def missing(self) -> list[str]:
        return (
            []
            if self.live
            else [
                "SYNDICATION_X_API_KEY, SYNDICATION_X_API_SECRET, SYNDICATION_X_ACCESS_TOKEN, "
                "SYNDICATION_X_ACCESS_SECRET (atau SYNDICATION_X_BEARER_TOKEN)"
            ]
        )

    # --- format --------------------------------------------------------------------------
    def format(self, story: Story) -> Post:
        in_text = self.link_mode != "reply"
        return self.build_post(
            story,
            measure=x_length,
            limit=X_MAX,
            link_in_text=in_text,
            photos=int(self.options.get("max_photos", 1)),
            tags_from=("kecamatan",),
            max_tags=2,
            extra={} if in_text else {"balasan": story.url},
        )

    def outbox_request(self, post: Post) -> dict[str, Any]:
        requests: list[dict[str, Any]] = []
        for media in post.media:
            requests.append(
                {
                    "method": "POST",
                    "url": f"{self.base_url}/2/media/upload/initialize",
                    "json": {
                        "media_type": media.mime,
                        "media_category": "tweet_image",
                        "source": media.url,
                    },
                }
            )
        body: dict[str, Any] = {"text": post.text}
        if post.media:
            body["media"] = {"media_ids": [f"<media {i + 1}>" for i in range(len(post.media))]}
        requests.append({"method": "POST", "url": f"{self.base_url}/2/tweets", "json": body})
        if post.extra.get("balasan"):
            requests.append(
                {
                    "method": "POST",
                    "url": f"{self.base_url}/2/tweets",
                    "json": {"text": post.link, "reply": {"in_reply_to_tweet_id": "<post>"}},
                }
            )
        return {"post": post.as_dict(), "requests": requests}

    # --- HTTP ----------------------------------------------------------------------------
    def _auth(self, method: str, url: str, form: dict[str, str] | None = None) -> dict[str, str]:
        if self.env.get("bearer_token") and not self.env.get("api_key"):
            return {"Authorization": f"Bearer {self.env['bearer_token']}"}
        client = OAuth1Client(
            self.env["api_key"],
            client_secret=self.env["api_secret"],
            resource_owner_key=self.env["access_token"],
            resource_owner_secret=self.env["access_secret"],
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
        _, signed, _ = client.sign(url, http_method=method, body=form or None, headers=headers)
        return {"Authorization": signed["Authorization"]}

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        data: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        url = f"{self.base_url}{path}"
        sign_url = str(httpx.URL(url, params=params)) if params else url
        headers = self._auth(method, sign_url)
        response = self.request(
            method, url, params=params, json=json, files=files, data=data, headers=headers
        )
        if response.status_code in (200, 201, 202, 204) and not response.content:
            return {}
        body = self.json_body(response)
        if response.status_code < 400:
            return body
        raise self._error(response, body)

    def _error(self, response: httpx.Response, body: dict[str, Any]) -> ChannelError:
        status = response.status_code
        detail = str(body.get("detail") or body.get("title") or body.get("errors") or body)[:300]
        if status == 429:
            reset = response.headers.get("x-rate-limit-reset")
            wait = retry_after_seconds(response.headers.get("retry-after"), time.time())
            if wait is None and reset and reset.isdigit():
                wait = max(0.0, int(reset) - time.time())
            return TransientError(
                "X: batas panggilan API tercapai", code="429", detail=detail, retry_after=wait
            )
        if status >= 500:
            return TransientError(
                f"X: server error {status}", code=str(status), detail=detail, maybe_delivered=True
            )
        if status == 401:
            return AuthError(
                "X: token akses tidak sah atau sudah dicabut. Buat ulang Access Token & Secret "
                "(atau token OAuth 2.0) di developer.x.com lalu simpan di SYNDICATION_X_*",
                code="401",
                detail=detail,
            )
        if status == 403 and "duplicate" in detail.lower():
            return DuplicateError(
                "X: kiriman dengan isi yang sama sudah ada", code="403", detail=detail
            )
        if status == 403:
            return AuthError(
                "X: aplikasi tidak diizinkan memposting (periksa izin Read and Write aplikasi, "
                "lalu buat ulang Access Token)",
                code="403",
                detail=detail,
            )
        return PermanentError("X menolak kiriman ini", code=str(status), detail=detail)

    # --- media ---------------------------------------------------------------------------
    def _upload(self, media: Media) -> str:
        try:
            image = self.client.get(media.url, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise TransientError(
                f"X: foto {media.url} tidak bisa diunduh", detail=str(exc)
            ) from None
        if image.status_code == 429 or image.status_code >= 500:
            raise TransientError(
                f"X: situs belum menyajikan foto {media.url} (HTTP {image.status_code})",
                code=str(image.status_code),
            )
        if image.status_code != 200:
            raise PermanentError(
                f"X: foto {media.url} tidak ada (HTTP {image.status_code}); "
                "pastikan situs sudah terbit"
            )
        content = image.content
        init = self._call(
            "POST",
            "/2/media/upload/initialize",
            json={
                "media_type": image.headers.get("content-type", media.mime).split(";")[0],
                "total_bytes": len(content),
                "media_category": "tweet_image",
            },
        )
        media_id = str(init["data"]["id"])
        for index in range(0, max(1, -(-len(content) // CHUNK))):
            chunk = content[index * CHUNK : (index + 1) * CHUNK]
            self._call(
                "POST",
                f"/2/media/upload/{media_id}/append",
                files={"media": ("chunk", chunk, "application/octet-stream")},
                data={"segment_index": str(index)},
            )
        final = self._call("POST", f"/2/media/upload/{media_id}/finalize")
        info = (final.get("data") or {}).get("processing_info")
        for _ in range(MAX_STATUS_POLLS):
            if not info or info.get("state") == "succeeded":
                break
            if info.get("state") == "failed":
                raise PermanentError("X: foto gagal diproses", detail=str(info.get("error")))
            self.sleep(min(float(info.get("check_after_secs", 1)), 10.0))
            status = self._call(
                "GET", "/2/media/upload", params={"command": "STATUS", "media_id": media_id}
            )
            info = (status.get("data") or {}).get("processing_info")
        else:
            raise TransientError("X: pemrosesan foto belum selesai", maybe_delivered=False)
        if media.alt:
            self._call(
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt[:1000]}}},
            )
        return media_id

    # --- publish / reconcile ---------------------------------------------------------------
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        tweet_id = progress.get("tweet_id")
        if not tweet_id:
            media_ids: list[str] = list(progress.get("media_ids", []))
            if time.time() - float(progress.get("media_at", 0)) > 12 * 3600:
                media_ids = []  # uploaded media expire; upload again
            for media in post.media[len(media_ids) :]:
                media_ids.append(self._upload(media))
                checkpoint({"media_ids": media_ids, "media_at": time.time()})
            body: dict[str, Any] = {"text": post.text}
            if media_ids:
                body["media"] = {"media_ids": media_ids}
            tweet_id = str(self._call("POST", "/2/tweets", json=body)["data"]["id"])
        delivery = self._delivery(tweet_id)
        if self.link_mode == "reply" and post.link not in post.text:
            checkpoint({"tweet_id": tweet_id})
            answer = self._call(
                "POST",
                "/2/tweets",
                json={"text": post.link, "reply": {"in_reply_to_tweet_id": tweet_id}},
            )
            return Delivery(
                delivery.remote_id, delivery.remote_url, {"reply_id": str(answer["data"]["id"])}
            )
        return delivery

    def _delivery(self, tweet_id: str) -> Delivery:
        handle = self.options.get("handle", "i/web")
        return Delivery(tweet_id, f"https://x.com/{handle.lstrip('@')}/status/{tweet_id}")

    def user_id(self) -> str:
        if not self._user_id:
            self._user_id = str(self._call("GET", "/2/users/me")["data"]["id"])
        return self._user_id

    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        data = self._call(
            "GET",
            f"/2/users/{self.user_id()}/tweets",
            params={
                "max_results": str(self.options.get("reconcile_limit", 100)),
                "tweet.fields": "created_at,entities,referenced_tweets",
            },
        )
        wanted = " ".join(post.text.split())
        main_id = progress.get("tweet_id")
        reply_id = None
        for tweet in data.get("data") or []:
            urls = [u.get("expanded_url") for u in (tweet.get("entities") or {}).get("urls", [])]
            refs = [
                r.get("id")
                for r in tweet.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ]
            text = " ".join(str(tweet.get("text", "")).split())
            if refs and post.story_url in urls:
                if not main_id or main_id in refs:
                    reply_id, main_id = str(tweet["id"]), main_id or refs[0]
            elif text == wanted or post.story_url in urls:
                main_id = main_id or str(tweet["id"])
        if not main_id:
            return None
        delivery = self._delivery(str(main_id))
        if self.link_mode == "reply" and post.link not in post.text and not reply_id:
            # The post exists but its link reply does not: resume with the reply only.
            return Delivery(
                delivery.remote_id, delivery.remote_url, {"resume": {"tweet_id": str(main_id)}}
            )
        extra = {"reply_id": reply_id} if reply_id else {}
        return Delivery(delivery.remote_id, delivery.remote_url, extra)
