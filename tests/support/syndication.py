"""Helpers for syndication tests: story records, stories.json, channels wired to the fakes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.x import CREDENTIALS

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=WIB)


def story_dict(
    n: int, when: datetime, *, base: str = "https://kabar.test", photo: str = "", **extra: Any
) -> dict[str, Any]:
    slug = f"berita-uji-{n:03d}"
    data = {
        "id": f"berita/{when:%Y/%m}/{slug}",
        "url": f"{base}/berita/{when:%Y/%m/%d}/{slug}/",
        "title": f"Warga Koja Gelar Kerja Bakti Nomor {n} di Saluran Rawa Badak",
        "summary": "Ratusan warga membersihkan saluran air menjelang musim hujan.",
        "date": when.isoformat(),
        "kecamatan": "Koja",
        "tags": ["kerja bakti", "banjir"],
        "syndicate": ["facebook", "x"],
        "photos": [{"url": photo, "alt": "Warga mengangkat lumpur"}] if photo else [],
    }
    data.update(extra)
    return data


def write_stories(path: Path, stories: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"siteurl": "https://kabar.test", "stories": stories}), "utf-8")
    return path


def fb_env(url: str) -> dict[str, str]:
    return {
        "SYNDICATION_FACEBOOK_API_URL": url,
        "SYNDICATION_FACEBOOK_PAGE_ID": "1001",
        "SYNDICATION_FACEBOOK_TOKEN": "EAAGpagetoken123",
    }


def x_env(url: str) -> dict[str, str]:
    return {
        "SYNDICATION_X_API_URL": url,
        **{f"SYNDICATION_X_{k.upper()}": v for k, v in CREDENTIALS.items()},
    }


def recent(hours: int) -> datetime:
    return NOW - timedelta(hours=hours)


def ig_env(url: str) -> dict[str, str]:
    return {
        "SYNDICATION_INSTAGRAM_API_URL": url,
        "SYNDICATION_INSTAGRAM_USER_ID": "17841400000000001",
        "SYNDICATION_INSTAGRAM_TOKEN": "IGQVJtoken-secret-987",
    }


def tg_env(url: str) -> dict[str, str]:
    return {
        "SYNDICATION_TELEGRAM_API_URL": url,
        "SYNDICATION_TELEGRAM_TOKEN": "123456:AAH-bot-secret-token",
        "SYNDICATION_TELEGRAM_CHAT_ID": "@kominfotikju",
    }


def make_engine(tmp_path: Path, *channels: Any, sleep: Any = None) -> Any:
    """An engine over ``channels`` whose watermarks are two days old, clock at ``NOW``."""
    from syndication.engine import Engine  # noqa: PLC0415
    from syndication.ledger import Ledger  # noqa: PLC0415
    from syndication.retry import RetryPolicy  # noqa: PLC0415

    ledger = Ledger(tmp_path / "syndication")
    for channel in channels:
        for key in (channel.name, f"{channel.name}@outbox"):
            ledger.set_watermark(key, recent(48).isoformat())
    return Engine(
        ledger,
        channels,
        now=lambda: NOW,
        outbox=tmp_path / "outbox",
        policy=RetryPolicy(attempts=4, base=0.01, cap=2.0),
        sleep=sleep or (lambda s: None),
    )


def yt_env(url: str) -> dict[str, str]:
    from tests.fakes.youtube import CLIENT, REFRESH_TOKEN  # noqa: PLC0415

    return {
        "SYNDICATION_YOUTUBE_API_URL": url,
        "SYNDICATION_YOUTUBE_UPLOAD_URL": url,
        "SYNDICATION_YOUTUBE_TOKEN_URL": f"{url}/token",
        "SYNDICATION_YOUTUBE_CLIENT_ID": CLIENT["client_id"],
        "SYNDICATION_YOUTUBE_CLIENT_SECRET": CLIENT["client_secret"],
        "SYNDICATION_YOUTUBE_REFRESH_TOKEN": REFRESH_TOKEN,
    }
