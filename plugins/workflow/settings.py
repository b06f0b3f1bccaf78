"""Pelican settings for the workflow tools, read once per command from the project's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def load(
    settings_file: str | Path = "pelicanconf.py",
    content: str | Path | None = None,
    **override: Any,
) -> dict[str, Any]:
    """Pelican's settings from ``settings_file`` (relative to the project), PATH overridden."""
    from pelican.settings import read_settings  # noqa: PLC0415 (slow import, only when needed)

    extra = dict(override)
    if content is not None:
        extra["PATH"] = str(Path(content).resolve())
    return read_settings(str(ROOT / settings_file), override=extra)
