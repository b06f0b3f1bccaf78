"""The one interface every channel implements: format → preview → publish → reconcile.

- :meth:`Channel.format` turns a story into a :class:`Post` (text, link, media, counted length);
  pure, no network — what ``--dry-run`` prints.
- :meth:`Channel.publish` sends it. Multi-step deliveries (upload media, post, reply) report
  progress through ``checkpoint`` so a crash resumes instead of repeating a step.
- :meth:`Channel.reconcile` asks the platform whether the post already exists (after a crash or a
  timeout) — the engine calls it before any retry of an in-doubt delivery.
- :meth:`Channel.capacity` tells how many posts the platform still accepts now (publishing
  limits, upload quotas); the engine queues the rest for the next run instead of failing.

Credentials and base URLs come only from ``SYNDICATION_<CHANNEL>_<NAME>`` environment variables.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from ..errors import PermanentError, TransientError
from ..formatting import compose, hashtags
from ..redact import redact, register_secrets
from ..story import Story

Checkpoint = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Media:
    url: str
    alt: str
    mime: str = "image/jpeg"


@dataclass(frozen=True)
class Post:
    """What one channel would send for one story."""

    channel: str
    story_id: str
    story_url: str
    text: str
    length: int
    limit: int
    link: str = ""
    media: tuple[Media, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Delivery:
    remote_id: str
    remote_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def env_settings(channel: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``SYNDICATION_<CHANNEL>_<NAME>`` variables of one channel, as ``{"name": value}``."""
    environ = os.environ if environ is None else environ
    prefix = f"SYNDICATION_{channel.upper()}_"
    return {k[len(prefix) :].lower(): v for k, v in environ.items() if k.startswith(prefix) and v}


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError):
            return None


class Channel(ABC):
    """Base class of every channel. Subclasses set ``name``, ``label``, ``required`` (env names
    that must be set for live mode) and ``secrets`` (env names whose values are redacted)."""

    name: ClassVar[str]
    label: ClassVar[str]
    required: ClassVar[tuple[str, ...]] = ()
    secrets: ClassVar[tuple[str, ...]] = ()
    default_base_url: ClassVar[str] = ""

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        *,
        client: httpx.Client | None = None,
        timeout: float = 20.0,
    ) -> None:
        self.options = dict(options or {})
        self.env = env_settings(self.name, environ)
        register_secrets(self.env[s] for s in self.secrets if s in self.env)
        self.base_url = self.env.get("api_url", self.default_base_url).rstrip("/")
        self._client = client
        self.timeout = timeout

    # --- configuration -----------------------------------------------------------------
    @property
    def live(self) -> bool:
        """True when every required credential is set; else the channel writes to the outbox."""
        return all(self.env.get(name) for name in self.required)

    def missing(self) -> list[str]:
        return [
            f"SYNDICATION_{self.name.upper()}_{n.upper()}"
            for n in self.required
            if not self.env.get(n)
        ]

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    # --- the interface -----------------------------------------------------------------
    @abstractmethod
    def format(self, story: Story) -> Post:
        """The post for ``story`` (pure)."""

    def build_post(
        self,
        story: Story,
        *,
        measure: Callable[[str], int],
        limit: int,
        link_in_text: bool,
        photos: int,
        tags_from: Sequence[str],
        max_tags: int,
        extra: dict[str, Any] | None = None,
        link_text: str | None = None,
        rendition: str = "og",
    ) -> Post:
        """The usual post: ``SocialText`` or title + summary, link, hashtags (options
        ``hashtags_fixed``, ``hashtags_from``, ``max_hashtags``, ``summary``) and up to
        ``photos`` photos (the media plugin's ``rendition`` when there is one). ``link_text``
        replaces the story URL in the text (never cut), e.g. where links are not clickable."""
        opts = self.options
        tags = hashtags(
            opts.get("hashtags_fixed", ()),
            story.kecamatan,
            story.tags,
            opts.get("hashtags_from", tags_from),
        )[: int(opts.get("max_hashtags", max_tags))]
        if story.social_text:
            headline, body = story.social_text, ""
        else:
            headline, body = story.title, story.summary if opts.get("summary", True) else ""
        composed = compose(
            headline=headline,
            body=body,
            link=story.url if link_text is None else link_text,
            tags=tags,
            measure=measure,
            limit=limit,
            link_in_text=link_in_text,
        )
        return Post(
            channel=self.name,
            story_id=story.id,
            story_url=story.url,
            text=composed.text,
            length=composed.length,
            limit=limit,
            link=story.url,
            media=tuple(Media(p.best(rendition), p.alt) for p in story.photos[:photos]),
            extra=extra or {},
        )

    def preview(self, post: Post) -> str:
        """Human-readable dry-run view of ``post``."""
        lines = [f"[{self.label}] {post.story_id}", f"  panjang: {post.length}/{post.limit}"]
        if post.link:
            lines.append(f"  tautan: {post.link}")
        for media in post.media:
            lines.append(f"  foto: {media.url} (alt: {media.alt})")
        for key, value in sorted(post.extra.items()):
            lines.append(f"  {key}: {value}")
        lines.append("  teks:")
        lines += [f"    | {line}" for line in post.text.split("\n")]
        return "\n".join(lines)

    @abstractmethod
    def publish(self, post: Post, progress: dict[str, Any], checkpoint: Checkpoint) -> Delivery:
        """Send ``post``; skip the steps already recorded in ``progress``."""

    @abstractmethod
    def reconcile(self, post: Post, progress: dict[str, Any]) -> Delivery | None:
        """The existing remote post for ``post`` if the platform has it, else None."""

    def skip_reason(self, story: Story) -> str | None:
        """Why ``story`` cannot go to this channel at all (e.g. no photo for a photo-only
        platform, no video file for YouTube), in Indonesian; None when it can. The engine records
        such a story as skipped with this reason, once — skipped, not failed."""
        return None

    def capacity(self) -> int | None:
        """How many more posts are accepted now (None = no known limit)."""
        return None

    def after_posted(self, story: Story, entry: Mapping[str, Any]) -> dict[str, Any]:
        """Local follow-up for a delivery recorded as posted (e.g. write the remote id back
        into the story). Called on every run for posted entries, so it must be idempotent;
        returned keys are added to the ledger entry."""
        return {}

    def outbox_request(self, post: Post) -> dict[str, Any]:
        """The request that would be sent (no secrets), for the outbox."""
        return {"post": post.as_dict()}

    # --- HTTP helpers shared by channels ------------------------------------------------
    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One HTTP call; network failures become :class:`TransientError` (flagged
        ``maybe_delivered`` unless the connection was never made)."""
        try:
            return self.client.request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise TransientError(
                f"{self.label}: server tidak bisa dihubungi", detail=redact(exc)
            ) from None
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise TransientError(
                f"{self.label}: tidak ada jawaban (batas waktu atau koneksi putus)",
                detail=redact(f"{type(exc).__name__}: {exc}"),
                maybe_delivered=method.upper() != "GET",
            ) from None
        except httpx.HTTPError as exc:
            raise TransientError(f"{self.label}: gangguan jaringan", detail=redact(exc)) from None

    def json_body(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except (json.JSONDecodeError, ValueError):
            if response.status_code >= 500:
                raise TransientError(
                    f"{self.label}: server error {response.status_code}",
                    code=str(response.status_code),
                    maybe_delivered=True,
                ) from None
            raise PermanentError(
                f"{self.label}: jawaban server bukan JSON (HTTP {response.status_code})"
            ) from None
        return data if isinstance(data, dict) else {"data": data}


def write_outbox(folder: Path, channel: Channel, post: Post) -> Path:
    """Write the would-be request of ``post`` to ``outbox/<channel>/<story>.json``."""
    from ..ledger import file_name, write_json_atomic  # noqa: PLC0415 (avoid import cycle)

    path = Path(folder) / channel.name / file_name(post.story_id)
    write_json_atomic(path, channel.outbox_request(post))
    return path
