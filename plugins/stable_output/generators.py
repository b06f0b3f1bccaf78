"""Pelican's article generator without its quadratic list scans, and articles whose URLs are
worked out once.

Stock :class:`~pelican.generators.ArticlesGenerator` finds the stories of every tag, category,
author and period archive with ``[a for a in all_stories if a in group]`` over plain lists: at
10,000 stories that is hundreds of millions of comparisons on every build. Content objects have
no ``__eq__``, so list membership is identity; this subclass answers it from a set of ids. The
output (same lists, same order) is unchanged.

Pelican formats ``url`` and ``save_as`` anew (copying the metadata, resolving the source path) on
every access, tens of thousands of times per build; they cannot change once every story has been
read, so :func:`freeze_urls` gives the articles a class that remembers them.
"""

from __future__ import annotations

import calendar
import contextlib
import fnmatch
import functools
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import attrgetter
from typing import Any

from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from .paths import absolute, inside, plain_relative

_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


class IdentityList(list):
    """A list that is not changed any more, with ``in`` answered by identity in O(1)."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._ids = frozenset(map(id, self))

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


def period_archives(
    sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """What ``ArticlesGenerator._build_period_archives`` returns, in one pass per granularity."""
    archives: dict[str, list[dict[str, Any]]] = defaultdict(list)
    position = {id(a): n for n, a in enumerate(articles)}
    for granularity, key in _KEYS.items():
        save_as_fmt = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url_fmt = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as_fmt:
            continue
        for period, group in groupby(sorted_articles, key=key):
            dates = list(group)
            listed = [a for a in dates if id(a) in position]
            listed.sort(key=lambda a: position[id(a)])
            day = dates[0].date
            archive = {
                "dates": dates,
                "articles": listed,
                "save_as": save_as_fmt.format(date=day),
                "url": url_fmt.format(date=day),
            }
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                month = calendar.month_name[period[1]]
                archive["period"] = (period[0], month, *period[2:])
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    return archives


def skip_idle_cache(cacher: Any) -> None:
    """A Pelican content cache (``FileStampDataCacher``) that can neither give nor keep
    anything — caching off for its layer (``CACHE_CONTENT``, ``CONTENT_CACHING_LAYER``) and
    nothing loaded — still stats every story twice per build (a lookup that always misses, a
    store that stores nothing): those calls are skipped."""
    if getattr(cacher, "_cache_data_policy", True) or getattr(cacher, "_cache", None) != {}:
        return
    cacher.get_cached_data = lambda _filename, default=None: default
    cacher.cache_data = lambda _filename, _data: None


@functools.cache
def _ignored(patterns: tuple[str, ...]) -> Callable[[str], Any]:
    """One matcher for every ``fnmatch`` pattern (``fnmatch.fnmatch`` is case-sensitive here)."""
    if not patterns:
        return lambda _name: None
    return re.compile("|".join(fnmatch.translate(p) for p in patterns)).match


class FastArticlesGenerator(ArticlesGenerator):
    """``ArticlesGenerator`` with set-based membership and one walk of the story folders per
    build; same context, same pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Before Pelican's __init__: it sends article_generator_init, whose handlers list files.
        self._walked: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
        self._filtered: dict[tuple[Any, tuple[str, ...]], frozenset[str]] = {}
        super().__init__(*args, **kwargs)
        skip_idle_cache(self)  # Pelican's generator-level content cache
        skip_idle_cache(self.readers)  # and its reader-level one
        self.readers.read_file = _making_frozen_articles(self.readers.read_file)

    def get_files(
        self, paths: str | list[str], exclude: list[str] | None = None, extensions: Any = None
    ) -> set[str]:
        """Pelican's file list, from one walk per folder list and build (Pelican walks the story
        folders for the stories, again for disabled readers, the newsroom parse once more)."""
        key = (tuple([paths] if isinstance(paths, str) else paths), tuple(exclude or ()))
        found = self._walked.get(key)
        if found is None:
            found = self._walked[key] = super().get_files(paths, exclude, extensions=False)
        if extensions is False:
            return set(found)
        # The same list is asked for again with the same extensions (the stories, the parse
        # cache, the story keys): filtered once per build, a copy handed out each time.
        wanted = tuple(self.readers.extensions) if extensions is None else tuple(extensions)
        kept = self._filtered.get((key, wanted))
        if kept is None:
            kept = self._filtered[(key, wanted)] = frozenset(
                path for path in found if self._include_path(path, wanted)
            )
        return set(kept)

    def _include_path(self, path: str, extensions: Any = None) -> bool:
        """Pelican's rule (IGNORE_FILES patterns, then the extension), the patterns matched as
        one regular expression: this runs for every file of the archive."""
        if extensions is None:
            extensions = tuple(self.readers.extensions)
        basename = os.path.basename(path)
        if _ignored(tuple(self.settings["IGNORE_FILES"]))(basename):
            return False
        return extensions is False or os.path.splitext(basename)[1][1:] in extensions

    def _build_period_archives(
        self, sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]
    ) -> dict[str, list[dict[str, Any]]]:
        return period_archives(sorted_articles, articles, settings)

    @contextlib.contextmanager
    def _identity_groups(self, name: str) -> Iterator[None]:
        """While one kind of listing is written, its groups answer ``in`` by identity."""
        original = getattr(self, name)
        if isinstance(original, dict):
            setattr(self, name, {k: IdentityList(v) for k, v in original.items()})
        else:
            setattr(self, name, [(k, IdentityList(v)) for k, v in original])
        try:
            yield
        finally:
            setattr(self, name, original)

    def generate_tags(self, write: Any) -> None:
        with self._identity_groups("tags"):
            super().generate_tags(write)

    def generate_categories(self, write: Any) -> None:
        with self._identity_groups("categories"):
            super().generate_categories(write)

    def generate_authors(self, write: Any) -> None:
        with self._identity_groups("authors"):
            super().generate_authors(write)


_UNSAFE_PARTS = frozenset({"..", ".", ""})


class FrozenURLArticle(Article):
    """An :class:`~pelican.contents.Article` that works out ``url`` and ``save_as`` once."""

    url = functools.cached_property(Article.url.fget)  # type: ignore[assignment]
    save_as = functools.cached_property(Article.save_as.fget)  # type: ignore[assignment]
    # The values both are formatted with (a copy of the metadata plus slug, date, source
    # path…), read-only for ``str.format``: made once, not once per URL setting.
    url_format = functools.cached_property(Article.url_format.fget)  # type: ignore[assignment]

    def _has_valid_save_as(self) -> bool:
        """Pelican's check (``save_as`` inside the output folder) without making paths
        absolute when ``save_as`` plainly is: relative, no ``..`` or ``.`` segment."""
        save_as = self.save_as
        if (
            save_as
            and ":" not in save_as
            and not save_as.startswith(("/", "\\"))
            and not _UNSAFE_PARTS & set(save_as.replace("\\", "/").split("/"))
        ):
            return True
        return super()._has_valid_save_as()

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        """Pelican's answer (``relpath`` of two ``abspath``) by a prefix check when the source
        is a plain absolute path inside the content folder (every story; this runs for each
        story on every build); Pelican's own code otherwise."""
        path = source_path or self.source_path
        if isinstance(path, str) and os.sep == "/" and not os.path.isabs(path):
            # relative to the content folder already (a link in the body, made so)
            if plain_relative(path):
                return path
        elif (rel := self._in_content(path)) is not None:
            return rel
        return super().get_relative_source_path(source_path)

    @property
    def relative_dir(self) -> str:
        """Pelican's folder of the source relative to the content folder, by the same check."""
        rel = self._in_content(self.source_path)
        if rel is not None:
            return posixpath.dirname(rel)
        return Article.relative_dir.fget(self)  # type: ignore[attr-defined]

    def _in_content(self, path: Any) -> str | None:
        """``path`` relative to the content folder when it is a plain absolute path inside it
        (what Pelican's ``relpath`` of two ``abspath`` gives), else None."""
        if isinstance(path, str) and os.sep == "/" and os.path.isabs(path):
            return inside(path, absolute(self.settings["PATH"]))
        return None


def _making_frozen_articles(read_file: Callable[..., Any]) -> Callable[..., Any]:
    """Pelican's ``Readers.read_file`` making each story a :class:`FrozenURLArticle` from the
    start (Pelican asks for an ``Article``): the same object :func:`freeze_new_article` makes at
    the end of ``__init__`` — which reads no URL — only its path checks are quicker there too."""

    @functools.wraps(read_file)
    def read(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("content_class") is Article:
            kwargs["content_class"] = FrozenURLArticle
        return read_file(*args, **kwargs)

    return read


def freeze_new_article(content: Any) -> None:
    """``content_object_init``: a story's URL follows from its metadata and the settings, all
    known once it is made; Pelican's own check of ``save_as`` right after then counts too."""
    if type(content) is Article:
        content.__class__ = FrozenURLArticle


def freeze_urls(generator: Any) -> None:
    """``article_generator_pretaxonomy``: every story is read and its translations sorted out,
    so its URL is final."""
    for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                 "drafts", "drafts_translations"):  # fmt: skip
        for article in getattr(generator, name, ()):
            if type(article) is Article:
                article.__class__ = FrozenURLArticle
