"""Syndication settings, read once from Pelican's settings (pelicanconf/publishconf) with defaults.
Credentials and API base URLs never live here: they come from ``SYNDICATION_<CHANNEL>_<NAME>``
environment variables (see channels/base.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CHANNELS = ("facebook", "x")
DEFAULT_OPTIONS: dict[str, dict[str, Any]] = {
    "facebook": {"photos": False, "hashtags_from": ["kecamatan", "tags"], "max_hashtags": 4},
    "x": {"link": "post", "hashtags_from": ["kecamatan"], "max_hashtags": 2, "max_photos": 1},
    "instagram": {"hashtags_from": ["kecamatan", "tags"], "max_hashtags": 5, "max_photos": 10},
    "telegram": {"hashtags_from": ["kecamatan"], "max_hashtags": 3, "max_photos": 10},
    "youtube": {"category_id": "25", "privacy": "public", "chunk_mb": 8, "thumbnail": "16x9"},
    "email": {"partners_file": "content/data/mitra.toml", "attachment_cap_mb": 10},
    "webhook": {"partners_file": "content/data/mitra.toml"},
}


@dataclass(frozen=True)
class SyndicationConfig:
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    ledger_path: Path = Path("syndication")
    stories_path: Path = Path(".cache/syndication/stories.json")
    outbox_path: Path = Path("outbox")
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict[str, Any], root: Path | None = None) -> SyndicationConfig:
        root = Path(root or Path.cwd())
        options = {name: dict(opts) for name, opts in DEFAULT_OPTIONS.items()}
        for name, opts in (settings.get("SYNDICATION_OPTIONS") or {}).items():
            options.setdefault(name, {}).update(opts)
        labels = {a["id"]: a["name"] for a in settings.get("SOCIAL_ACCOUNTS", []) if "id" in a}
        return cls(
            channels=tuple(settings.get("SYNDICATION_CHANNELS", DEFAULT_CHANNELS)),
            options=options,
            ledger_path=root / settings.get("SYNDICATION_LEDGER_PATH", "syndication"),
            stories_path=root
            / settings.get("SYNDICATION_STORIES_PATH", ".cache/syndication/stories.json"),
            outbox_path=root / settings.get("SYNDICATION_OUTBOX_PATH", "outbox"),
            labels={
                "facebook": "Facebook",
                "x": "X",
                "instagram": "Instagram",
                "telegram": "Telegram",
                "youtube": "YouTube",
                "email": "Email mitra",
                "webhook": "Webhook mitra",
                **labels,
            },
        )
