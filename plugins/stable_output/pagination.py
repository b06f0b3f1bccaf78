"""Stable pagination: older listing pages keep their stories when a new story arrives.

Stock Pelican counts pages from the newest story, so one new story shifts every page of every
listing it appears in. Here pages are *buckets counted from the oldest story*: bucket ``b``
(``b = 1`` the oldest) always holds stories ``(b-1)·P … b·P-1`` in publication order and lives at
page number ``b + 1`` (``…/page/2/`` is the oldest bucket). The first page (the listing's own URL)
shows everything newer than the last full archived bucket: between ``P`` and ``2P-1`` stories.
A new story changes only the first page, except once every ``P`` stories, when the first page
hands its oldest ``P`` stories to a new bucket (and the previous newest bucket's "newer" link
moves from the first page to it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pelican.paginator import Page


@dataclass(frozen=True)
class StablePaginator:
    """What templates may ask a paginator: totals (which change with every story — avoid)."""

    count: int
    per_page: int
    num_pages: int


class StablePage(Page):
    """A Pelican page whose neighbours are given, not derived from its number."""

    def __init__(self, *args: Any, newer: bool, older: bool) -> None:
        super().__init__(*args)
        self._newer = newer
        self._older = older

    def has_previous(self) -> bool:
        return self._newer

    def has_next(self) -> bool:
        return self._older

    def __repr__(self) -> str:
        return f"<StablePage {self.number}>"


def bucket_bounds(count: int, per_page: int) -> list[tuple[int, int]]:
    """Slices ``(start, stop)`` of a newest-first list, first page first, then newer to older.

    >>> bucket_bounds(35, 10)
    [(0, 15), (15, 25), (25, 35)]
    >>> bucket_bounds(9, 10)
    [(0, 9)]
    """
    archived = max(0, count // per_page - 1) if per_page > 0 else 0
    front = count - archived * per_page
    bounds = [(0, front)]
    for bucket in range(archived, 0, -1):  # newest archived bucket first
        stop = count - (bucket - 1) * per_page
        bounds.append((stop - per_page, stop))
    return bounds


def page_number(position: int, pages: int) -> int:
    """Page number of the ``position``-th page (0 = first page) out of ``pages``."""
    return 1 if position == 0 else pages - position + 1


def stable_pages(
    name: str, url: str, items: Sequence[Any], settings: dict[str, Any], per_page: int
) -> list[StablePage]:
    """Pages of ``items`` (newest first), first page first, then newer buckets to older ones."""
    bounds = bucket_bounds(len(items), per_page)
    paginator = StablePaginator(len(items), per_page, len(bounds))
    pages = []
    for position, (start, stop) in enumerate(bounds):
        number = page_number(position, len(bounds))
        newer, older = position > 0, position + 1 < len(bounds)
        args = (name, url, items[start:stop], number, paginator, settings)
        pages.append(StablePage(*args, newer=newer, older=older))
    return pages
