"""Pure functions choosing related stories, neighbours and the latest videos."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _name(obj: Any) -> str | None:
    return getattr(obj, "name", None) if obj is not None else None


def relatedness(story: Any, other: Any) -> int:
    """Score how close ``other`` is to ``story``: shared topics count most, then place, rubrik."""
    tags = {t.name for t in getattr(story, "tags", []) or []}
    other_tags = {t.name for t in getattr(other, "tags", []) or []}
    score = 3 * len(tags & other_tags)
    if _name(getattr(story, "kelurahan", None)) and _name(
        getattr(story, "kelurahan", None)
    ) == _name(getattr(other, "kelurahan", None)):
        score += 2
    if _name(getattr(story, "kecamatan", None)) == _name(getattr(other, "kecamatan", None)):
        score += 2
    if _name(getattr(story, "category", None)) == _name(getattr(other, "category", None)):
        score += 1
    return score


def related_stories(story: Any, stories: Sequence[Any], limit: int) -> list[Any]:
    """Up to ``limit`` stories sharing topics, kecamatan or rubrik; newest first among equals."""
    scored = [(relatedness(story, o), o) for o in stories if o is not story]
    scored = [(s, o) for s, o in scored if s > 0]
    scored.sort(key=lambda pair: (pair[0], pair[1].date), reverse=True)
    return [o for _s, o in scored[:limit]]


def neighbours(stories: Sequence[Any]) -> dict[int, tuple[Any | None, Any | None]]:
    """For each story (by id), its (older, newer) neighbour in publication order."""
    ordered = sorted(stories, key=lambda a: (a.date, a.url))
    links: dict[int, tuple[Any | None, Any | None]] = {}
    for i, story in enumerate(ordered):
        older = ordered[i - 1] if i > 0 else None
        newer = ordered[i + 1] if i + 1 < len(ordered) else None
        links[id(story)] = (older, newer)
    return links


def latest_videos(stories: Sequence[Any], limit: int) -> list[Any]:
    """The newest stories that carry a YouTube video."""
    with_video = [a for a in stories if getattr(a, "youtube_id", None)]
    return sorted(with_video, key=lambda a: a.date, reverse=True)[:limit]
