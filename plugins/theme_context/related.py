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
    return RelatedIndex(stories).related(story, limit)


def _key(story: Any) -> tuple[frozenset[str], str | None, str | None, str | None]:
    tags = frozenset(t.name for t in getattr(story, "tags", []) or [])
    place = (getattr(story, name, None) for name in ("kelurahan", "kecamatan", "category"))
    kel, kec, cat = (_name(p) for p in place)
    return tags, kel, kec, cat


class RelatedIndex:
    """:func:`related_stories` for every story of a site without comparing every pair.

    Same scores and order as :func:`relatedness`: stories sharing a topic are scored one by
    one (found through a topic index); every other story scores by place and rubrik only, so
    within a group of equal (kelurahan, kecamatan, rubrik) the newest few are enough.
    """

    def __init__(self, stories: Sequence[Any]) -> None:
        self.stories = list(stories)
        self.keys = [_key(s) for s in self.stories]
        self.position = {id(s): i for i, s in enumerate(self.stories)}
        self.by_tag: dict[str, list[int]] = {}
        groups: dict[tuple[str | None, ...], list[int]] = {}
        for i, (tags, *place) in enumerate(self.keys):
            for tag in tags:
                self.by_tag.setdefault(tag, []).append(i)
            groups.setdefault(tuple(place), []).append(i)
        for members in groups.values():  # newest first; equal dates keep the site's order
            members.sort(key=lambda j: (self.stories[j].date, -j), reverse=True)
        self.by_place = groups

    def related(self, story: Any, limit: int) -> list[Any]:
        i = self.position.get(id(story))
        tags, kel, kec, cat = self.keys[i] if i is not None else _key(story)

        def place_score(place: tuple[str | None, ...]) -> int:
            return 2 * bool(kel and kel == place[0]) + 2 * (kec == place[1]) + (cat == place[2])

        shared: dict[int, int] = {}
        for tag in tags:
            for j in self.by_tag.get(tag, ()):
                shared[j] = shared.get(j, 0) + 1
        shared.pop(i, None)  # type: ignore[arg-type]
        scored = [(3 * n + place_score(self.keys[j][1:]), j) for j, n in shared.items()]
        for place, members in self.by_place.items():
            score = place_score(place)
            if score == 0:
                continue
            taken = 0
            for j in members:
                if taken >= limit:
                    break
                if j != i and j not in shared:
                    scored.append((score, j))
                    taken += 1
        scored.sort(key=lambda pair: pair[1])  # ties keep the site's order, as a stable sort
        scored.sort(key=lambda pair: (pair[0], self.stories[pair[1]].date), reverse=True)
        return [self.stories[j] for _score, j in scored[:limit]]


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
