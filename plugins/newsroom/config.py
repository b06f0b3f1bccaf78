"""The newsroom settings, read once from Pelican's settings with defaults."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from stable_output.paths import inside

from .validate import Rules
from .wilayah import load_units, load_wilayah

DEFAULT_RUBRIK = (
    "Pemerintahan",
    "Pembangunan",
    "Kesehatan",
    "Pendidikan",
    "Lingkungan",
    "Sosial",
    "Ekonomi",
    "Budaya & Olahraga",
    "Ketenteraman & Ketertiban",
    "Layanan Publik",
)
DEFAULT_CHANNELS = ("facebook", "x", "instagram", "youtube", "telegram", "email", "webhook")


@dataclass(frozen=True)
class NewsroomConfig:
    """Settings of the newsroom plugin."""

    content_path: Path
    article_paths: tuple[str, ...]
    data_path: Path
    rules: Rules
    clean_output: bool
    output_path: Path

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> NewsroomConfig:
        content = Path(settings["PATH"])
        data = Path(settings.get("NEWSROOM_DATA_PATH", content / "data"))
        wilayah_file = data / "wilayah.toml"
        rules = Rules(
            wilayah=load_wilayah(wilayah_file),
            units=load_units(data / "unit.toml", wilayah_file),
            rubrik=tuple(settings.get("NEWSROOM_RUBRIK", DEFAULT_RUBRIK)),
            channels=tuple(settings.get("NEWSROOM_CHANNELS", DEFAULT_CHANNELS)),
            timezone=ZoneInfo(settings.get("TIMEZONE", "Asia/Jakarta")),
            summary_max=int(settings.get("NEWSROOM_SUMMARY_MAX", 200)),
        )
        return cls(
            content_path=content,
            article_paths=tuple(settings.get("ARTICLE_PATHS", ["berita"])),
            data_path=data,
            rules=rules,
            clean_output=bool(settings.get("NEWSROOM_CLEAN_OUTPUT", False)),
            output_path=Path(settings["OUTPUT_PATH"]),
        )

    @functools.cached_property
    def _content_root(self) -> str:
        return os.path.abspath(self.content_path)

    def relative(self, source_path: str | os.PathLike[str]) -> str:
        """Path of a content file relative to PATH, in POSIX form."""
        rel = inside(source_path, self._content_root)
        if rel is None:
            rel = os.path.relpath(source_path, self.content_path)
        # Both answers are normal paths: already POSIX form on POSIX (runs for every story).
        return rel if os.sep == "/" else Path(rel).as_posix()

    def display(self, source_path: str | os.PathLike[str]) -> str:
        """Path shown to staff (see :func:`shown`)."""
        return shown(source_path)

    def is_story(self, source_path: str | os.PathLike[str]) -> bool:
        rel = self.relative(source_path)
        return any(rel == p or rel.startswith(p.rstrip("/") + "/") for p in self.article_paths)


def shown(source_path: str | os.PathLike[str]) -> str:
    """Path shown to staff: relative to the working directory when inside it."""
    path = os.fspath(source_path)
    rel = inside(path, os.getcwd())
    if rel is None:
        if os.path.isabs(path) and os.path.normpath(path) == path:
            rel = path  # a plain absolute path outside the working directory: as it is
        else:
            rel = os.path.relpath(path)
            if rel.startswith(".."):
                rel = path
    return rel if os.sep == "/" else Path(rel).as_posix()
