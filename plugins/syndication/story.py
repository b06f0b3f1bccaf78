"""A published story as the syndication engine sees it (one entry of ``stories.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StoryPhoto:
    url: str
    alt: str
    width: int = 0
    height: int = 0
    renditions: dict[str, dict[str, Any]] = field(default_factory=dict)
    caption: str = ""
    credit: str = ""
    path: str = ""  # relative to OUTPUT_PATH (the largest JPEG when the media plugin ran)

    def best(self, key: str = "og") -> str:
        """URL of rendition ``key`` when the media plugin made it, else the photo itself."""
        rendition = self.renditions.get(key) or {}
        return rendition.get("url") or self.url


@dataclass(frozen=True)
class Story:
    id: str
    url: str
    title: str
    summary: str
    date: datetime
    modified: datetime | None = None
    category: str = ""
    kecamatan: str = ""
    kelurahan: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    unit: str = ""
    syndicate: tuple[str, ...] = ()
    social_text: str = ""
    photos: tuple[StoryPhoto, ...] = ()
    youtube_id: str = ""
    video_file: str = ""
    feed_item: dict[str, Any] | None = None  # JSON Feed 1.1 item (production builds)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        return cls(
            id=d["id"],
            url=d["url"],
            title=d["title"],
            summary=d.get("summary", ""),
            date=datetime.fromisoformat(d["date"]),
            modified=datetime.fromisoformat(d["modified"]) if d.get("modified") else None,
            category=d.get("category") or "",
            kecamatan=d.get("kecamatan") or "",
            kelurahan=d.get("kelurahan") or "",
            tags=tuple(d.get("tags") or ()),
            authors=tuple(d.get("authors") or ()),
            unit=d.get("unit") or "",
            syndicate=tuple(d.get("syndicate") or ()),
            social_text=d.get("social_text") or "",
            photos=tuple(
                StoryPhoto(
                    url=p["url"],
                    alt=p.get("alt", ""),
                    width=int(p.get("width") or 0),
                    height=int(p.get("height") or 0),
                    renditions=p.get("renditions") or {},
                    caption=p.get("caption") or "",
                    credit=p.get("credit") or "",
                    path=p.get("path") or "",
                )
                for p in d.get("photos") or ()
            ),
            youtube_id=d.get("youtube_id") or "",
            video_file=d.get("video_file") or "",
            feed_item=d.get("feed_item") or None,
        )


class StoriesFileError(ValueError):
    """``stories.json`` is missing or unreadable."""


def load_stories(path: Path) -> list[Story]:
    """Stories of the last build, oldest first.

    The file is one JSON document; builds write it one story per line (:mod:`.storyfile`),
    older builds pretty-printed it: both read the same."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StoriesFileError(
            f"{path} belum ada: bangun situs dulu (invoke preview atau invoke publish)"
        ) from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise StoriesFileError(f"{path} tidak bisa dibaca ({exc}): bangun ulang situs") from exc
    stories = [Story.from_dict(item) for item in data.get("stories", [])]
    return sorted(stories, key=lambda s: (s.date, s.id))
