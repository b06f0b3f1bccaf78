"""A story's digest for the search index: what its page shows, not how it links.

Cheaper than the page signatures of plugins/stable_output: Pagefind indexes text and never
links, so taxonomy objects (category, kecamatan, authors...) count by name, and the stories a
page links to (related, previous/next) do not count at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from pelican.urlwrappers import URLWrapper
from stable_output.signature import LONG_TEXT, text_digest

#: Story attributes the story template (theme/templates/article.html and its partials) shows,
#: besides links to other stories (related, previous/next) and its own URL (``save_as`` is part
#: of every shard fingerprint, the URL patterns are settings).
#: tests/test_search_index.py checks that the template reads no other story attribute.
SHOWN = (
    "slug", "lang", "title", "summary", "_content", "date", "modified",
    "category", "kecamatan", "kelurahan", "authors", "photographer", "unit", "tags",
    "lead_photo", "photos", "youtube_id", "video_poster", "syndication",
)  # fmt: skip

#: Of those, the ones made from more than the story's own folder (Pelican rewrites links to other
#: content in the body and the summary; the syndication ledger): digested on every build.
LIVE = frozenset({"summary", "_content", "syndication"})

MAX_DEPTH = 4


def _plain(value: Any, depth: int = 0) -> str:  # noqa: PLR0911 - one return per kind
    """A stable text form of a value a story page shows (taxonomy objects by name: formatting
    their URLs for every story would cost more than indexing it)."""
    if isinstance(value, str) and len(value) > LONG_TEXT:  # the body: hashing beats repr + join
        return "text:" + text_digest(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, URLWrapper):
        return f"<{value.name}>"
    if dataclasses.is_dataclass(value):  # photos and their renditions: plain fields
        return repr(value)
    if depth > MAX_DEPTH:
        return type(value).__qualname__
    if isinstance(value, Mapping):
        items = sorted((str(k), _plain(v, depth + 1)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [_plain(v, depth + 1) for v in value]
        return "[" + ",".join(sorted(parts) if isinstance(value, (set, frozenset)) else parts) + "]"
    if hasattr(value, "__dict__"):
        return type(value).__qualname__ + _plain(vars(value), depth + 1)
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def story_digest(story: Any) -> str:
    """Digest of what one story page shows inside its indexed part.

    The same whether its folder-made part is fresh or kept (:class:`KeptDigests`): a shard's
    fingerprint never contains a story key itself. Keys include each file's ctime, which a new
    hard link to a shared photo changes — a new story would then re-index every shard holding
    a story with that photo."""
    return _combine(_own_digest(story), story)


def _own_digest(story: Any) -> str:
    text = "\n".join(f"{n}={_plain(getattr(story, n, None))}" for n in SHOWN if n not in LIVE)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _combine(own: str, story: Any) -> str:
    live = "\n".join(f"{n}={_plain(getattr(story, n, None))}" for n in SHOWN if n in LIVE)
    return hashlib.blake2b(f"{own}\n{live}".encode(), digest_size=16).hexdigest()


class KeptDigests:
    """:func:`story_digest` with the part made from the story's own folder kept between builds
    while the story's key holds (``stable_output.storykeys``; ``digests`` is its
    ``StoryDigests``). The digest is the same either way: a key that changes only because a
    file's ctime did (a new hard link to a shared photo) recomputes it, never re-indexes."""

    def __init__(self, digests: Any, verify: bool = False) -> None:
        self.digests = digests
        self.verify = verify

    def __call__(self, story: Any) -> str:
        return _combine(self.digests.kept(story, _own_digest, self.verify, "LIVE"), story)
