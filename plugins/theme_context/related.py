"""Pure functions choosing related stories, neighbours and the latest videos."""

from __future__ import annotations

import functools
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


def _mask(bits: Sequence[int], size: int) -> int:
    """An int with the given bit positions set (built in O(size), not O(size²))."""
    buffer = bytearray(size // 8 + 1)
    for bit in bits:
        buffer[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(buffer, "little")


class RelatedIndex:
    """:func:`related_stories` for every story of a site without scoring every pair in Python.

    Same scores and order as :func:`relatedness`. Stories are numbered newest first (ties in
    the site's order) and every topic, kelurahan, kecamatan and rubrik is a bit set over those
    numbers. For one story, a bit-sliced counter over its topics' sets gives the set of stories
    sharing exactly *n* topics; intersected with the place sets, that is the set of stories of
    each possible score. Reading the best scores' sets from the lowest bit up yields the newest
    stories first, so each query costs a few dozen operations on N-bit integers.
    """

    def __init__(self, stories: Sequence[Any]) -> None:
        self.stories = list(stories)
        self.keys = [_key(s) for s in self.stories]
        self.position = {id(s): i for i, s in enumerate(self.stories)}
        # Bit b is story order[b]: newest first, equal dates in the site's order.
        order = list(range(len(self.stories)))
        order.sort(key=lambda j: self.stories[j].date, reverse=True)
        self.order = order
        self.bit = {j: b for b, j in enumerate(order)}
        size = len(order)
        self.all = (1 << size) - 1
        members: list[dict[Any, list[int]]] = [{}, {}, {}, {}]
        for j, (tags, kel, kec, cat) in enumerate(self.keys):
            b = self.bit[j]
            for tag in tags:
                members[0].setdefault(tag, []).append(b)
            for table, value in zip(members[1:], (kel, kec, cat), strict=True):
                table.setdefault(value, []).append(b)
        self.by_tag, self.by_kel, self.by_kec, self.by_cat = (
            {value: _mask(bits, size) for value, bits in table.items()} for table in members
        )
        self._place_sets: dict[tuple[str | None, ...], dict[int, int]] = {}

    def related(self, story: Any, limit: int) -> list[Any]:
        i = self.position.get(id(story))
        tags, kel, kec, cat = self.keys[i] if i is not None else _key(story)
        candidates = self.all & ~(1 << self.bit[i]) if i is not None else self.all
        exactly = self._shared_counts([self.by_tag.get(t, 0) for t in tags], candidates)
        places = self._places(kel, kec, cat)
        chosen: list[Any] = []
        # Best score first; a score's sets are only intersected when the better ones left room.
        for combos in _by_score(len(exactly)):
            hits = 0
            for shared, bonus in combos:
                hits |= exactly[shared] & places[bonus]
            while hits and len(chosen) < limit:
                low = hits & -hits
                chosen.append(self.stories[self.order[low.bit_length() - 1]])
                hits ^= low
            if len(chosen) >= limit:
                break
        return chosen

    def _places(self, kel: str | None, kec: str | None, cat: str | None) -> dict[int, int]:
        """Stories by place bonus (2 same kelurahan, 2 same kecamatan, 1 same rubrik), once per
        place and rubrik (a few hundred at most, however many stories)."""
        key = (kel, kec, cat)
        found = self._place_sets.get(key)
        if found is None:
            kel_in = self.by_kel.get(kel, 0) if kel else 0
            kec_in, cat_in = self.by_kec.get(kec, 0), self.by_cat.get(cat, 0)
            found = {}
            for a, kel_set in ((1, kel_in), (0, self.all & ~kel_in)):
                for b, kec_set in ((1, kec_in), (0, self.all & ~kec_in)):
                    for c, cat_set in ((1, cat_in), (0, self.all & ~cat_in)):
                        bonus = 2 * a + 2 * b + c
                        found[bonus] = found.get(bonus, 0) | (kel_set & kec_set & cat_set)
            self._place_sets[key] = found
        return found

    @staticmethod
    def _shared_counts(sets: list[int], universe: int) -> list[int]:
        """``result[n]``: the members of ``universe`` found in exactly ``n`` of ``sets``."""
        planes: list[int] = []  # binary counter, least significant plane first
        for members in sets:
            carry = members
            for p, plane in enumerate(planes):
                planes[p], carry = plane ^ carry, plane & carry
                if not carry:
                    break
            if carry:
                planes.append(carry)
        result = []
        for n in range(len(sets) + 1):
            if n >> len(planes):  # more than the counter ever reached
                result.append(0)
                continue
            found = universe
            for p, plane in enumerate(planes):
                found &= plane if n >> p & 1 else ~plane
            result.append(found)
        return result


@functools.cache
def _by_score(counts: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For stories sharing 0 .. ``counts - 1`` topics: the (topics shared, place bonus) pairs
    of each positive score, best score first (score = 3 per topic + the place bonus)."""
    scores: dict[int, list[tuple[int, int]]] = {}
    for shared in range(counts):
        for bonus in range(6):
            if 3 * shared + bonus:
                scores.setdefault(3 * shared + bonus, []).append((shared, bonus))
    return tuple(tuple(scores[score]) for score in sorted(scores, reverse=True))


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
