"""The Pelican side: at every build write ``stories.json`` for the engine (CONTRACTS.md) and give
each story its ``syndication`` links (from the ledger) for the "Diskusikan di …" slot."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator

from .config import SyndicationConfig
from .ledger import Ledger
from .storyfile import Row, write_stories_file

logger = logging.getLogger(__name__)
_STATE: dict[str, Any] = {"articles": [], "settings": None, "taken": False}


def absolute(siteurl: str, url: str) -> str:
    return (
        url
        if url.startswith(("http://", "https://"))
        else f"{siteurl.rstrip('/')}/{url.lstrip('/')}"
    )


def story_id(article: Any) -> str:
    """The story's folder relative to the content folder (``berita/2026/11/<slug>``)."""
    source, base = article.source_path, article.settings["PATH"]
    prefix = base.rstrip("/") + "/"
    if (  # a plain absolute path inside the content folder (every story of a build): no Path
        source.startswith(prefix)
        and prefix.startswith("/")
        and not any(odd in source for odd in ("//", "/./", "/../"))
    ):
        return posixpath.dirname(source[len(prefix) :])
    return Path(source).parent.relative_to(Path(base)).as_posix()


def _name(value: Any) -> str:
    return getattr(value, "name", value) or ""


def photo_entry(siteurl: str, photo: Any) -> dict[str, Any]:
    renditions = {
        key: {
            "url": absolute(siteurl, r.url),
            "width": r.width,
            "height": r.height,
            "mime": r.mime,
            "path": r.url.lstrip("/"),  # under OUTPUT_PATH: e-mail attachments read it there
            "size": getattr(r, "size", 0),
        }
        for key, r in (getattr(photo, "renditions", None) or {}).items()
    }
    return {
        "url": absolute(siteurl, photo.url),
        "path": photo.url.lstrip("/"),
        "alt": photo.alt,
        "caption": photo.caption,
        "credit": photo.credit,
        "width": photo.width,
        "height": photo.height,
        "lead": photo.lead,
        "renditions": renditions,
    }


def feed_item(article: Any) -> dict[str, Any] | None:
    """The story's JSON Feed 1.1 item (plugins/feeds) for the partner webhook and e-mail; None
    in development builds (no absolute SITEURL) or without the feeds plugin."""
    try:
        from feeds.config import FeedsConfig  # noqa: PLC0415 (optional plugin)
        from feeds.stories import story_for  # noqa: PLC0415
        from feeds.writer import json_feed_item  # noqa: PLC0415
    except ImportError:
        return None
    config = FeedsConfig.from_settings(article.settings)
    if not config.enabled:
        return None
    return json_feed_item(story_for(article, config), config)


def story_entry(article: Any) -> dict[str, Any]:
    siteurl = article.settings.get("SITEURL", "")
    folder = Path(article.source_path).parent
    video = getattr(article, "video_file", "")
    return {
        "feed_item": feed_item(article),
        "id": story_id(article),
        "url": absolute(siteurl, article.url),
        "title": article.title,
        "summary": getattr(article, "summary", ""),
        "date": article.date.isoformat(),
        "modified": article.modified.isoformat() if getattr(article, "modified", None) else None,
        "category": _name(getattr(article, "category", "")),
        "kecamatan": _name(getattr(article, "kecamatan", "")),
        "kelurahan": _name(getattr(article, "kelurahan", "")),
        "tags": [_name(t) for t in getattr(article, "tags", [])],
        "authors": [_name(a) for a in getattr(article, "authors", [])],
        "unit": _name(getattr(article, "unit", "")),
        "syndicate": list(getattr(article, "syndicate", [])),
        "social_text": getattr(article, "socialtext", ""),
        "photos": [photo_entry(siteurl, p) for p in getattr(article, "photos", []) if p.url],
        "youtube_id": getattr(article, "youtube_id", ""),
        "video_file": str(folder / video) if video else "",
    }


def links_for(ledger: Ledger, sid: str, labels: dict[str, str]) -> list[dict[str, str]]:
    """Posted deliveries of a story with a public URL, as ``{channel, label, url}``."""
    try:
        record = ledger.load(sid)
    except ValueError as exc:
        logger.warning("%s", exc)
        return []
    if record is None:
        return []
    return [
        {"channel": name, "label": labels.get(name, name.capitalize()), "url": entry["remote_url"]}
        for name, entry in sorted(record.data["channels"].items())
        if entry.get("status") == "posted" and entry.get("remote_url")
    ]


def collect(generators: list[Any]) -> None:
    """``all_generators_finalized``: attach links; remember the stories for ``finalized``."""
    gen = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if gen is None:
        return
    config = SyndicationConfig.from_settings(gen.settings)
    ledger = Ledger(config.ledger_path)
    for article in gen.articles:
        article.syndication = links_for(ledger, story_id(article), config.labels)
    _STATE["articles"] = list(gen.articles)
    _STATE["settings"] = gen.settings
    _STATE["taken"] = False


def rows(articles: list[Any]) -> list[Row]:
    """The stories in file order (date, then id) with the key of each entry's inputs (none to
    trust without the stable_output plugin: then every entry is made anew)."""
    try:
        from stable_output.signature import links_digest  # noqa: PLC0415 (sibling plugin)
        from stable_output.storykeys import key_for  # noqa: PLC0415
    except ImportError:
        key_for = links_digest = None
    found = []
    for article in articles:
        sid = story_id(article)
        key = key_for(article) if key_for else None
        # The feed item shows the body with links to other stories resolved to their URLs.
        key = key + links_digest(article) if key and links_digest else os.urandom(16).hex()
        found.append((article.date.isoformat(), sid, Row(sid, key, article)))
    found.sort(key=lambda item: item[:2])
    return [row for _date, _sid, row in found]


def offer_stories(_pelican: Any) -> None:
    """``get_writer``: every story is final (links, media renditions), so ``stories.json`` may
    be written beside the pages when stable_output's output manager takes the work."""
    if _STATE["settings"] is None:
        return
    try:
        from newsroom.outputs import beside_pages  # noqa: PLC0415 (sibling plugin)
    except ImportError:
        return
    _STATE["taken"] = beside_pages("syndication", functools.partial(write_stories, None))


def finish_stories(pelican: Any) -> None:
    """``finalized``: write ``stories.json`` unless it was written beside the pages."""
    if not _STATE["taken"]:
        write_stories(pelican)


def write_stories(_pelican: Any) -> None:
    """Write ``stories.json`` (renditions of the media plugin are known by now), rebuilding
    only the entries of stories whose folder, data, code or settings changed."""
    settings = _STATE["settings"]
    if settings is None:
        return
    config = SyndicationConfig.from_settings(settings)
    written = write_stories_file(
        config.stories_path,
        settings.get("SITEURL", ""),
        rows(_STATE["articles"]),
        story_entry,
    )
    logger.info(
        "sindikasi: %d berita ditulis ke %s (%d dihitung ulang%s)",
        written.stories,
        config.stories_path,
        written.rebuilt,
        "" if written.changed else ", berkas tidak berubah",
    )
