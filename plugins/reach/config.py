"""Settings of the reach plugin, read once with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_POSTS = {
    "facebook": "Berita lengkap dengan foto, pengumuman layanan, dan siaran langsung kegiatan.",
    "x": "Kabar singkat dan cepat: peringatan cuaca, genangan, dan perubahan lalu lintas.",
    "instagram": "Foto dan video pendek kegiatan di enam kecamatan.",
    "youtube": "Video liputan dan siaran langsung acara pemerintah kota.",
    "telegram": "Setiap berita baru langsung masuk ke ponsel Anda.",
}


@dataclass(frozen=True)
class ReachConfig:
    """Where agenda files, statistics and the ledger live, and the public URLs of the kit."""

    agenda_path: Path
    stats_csv: Path
    ledger_path: Path
    now: datetime
    uid_domain: str
    home_items: int
    heatmap_weeks: int
    follow_slug: str
    posts: dict[str, str]
    accounts: list[dict[str, str]]
    channels: list[str]

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ReachConfig:
        content = Path(settings["PATH"])
        tz = ZoneInfo(settings.get("TIMEZONE", "Asia/Jakarta"))
        today = settings.get("REACH_NOW")  # tests and previews pin "now"
        now = datetime.fromisoformat(today).replace(tzinfo=tz) if today else datetime.now(tz)
        accounts = list(settings.get("SOCIAL_ACCOUNTS", []))
        return cls(
            agenda_path=Path(settings.get("REACH_AGENDA_PATH", content / "agenda")),
            stats_csv=Path(settings.get("REACH_STATS_CSV", content / "data" / "statistik.csv")),
            ledger_path=Path(settings.get("REACH_LEDGER_PATH", content.parent / "syndication")),
            now=now,
            uid_domain=settings.get("REACH_UID_DOMAIN", "kabar.utara.jakarta.go.id"),
            home_items=int(settings.get("REACH_AGENDA_HOME_ITEMS", 5)),
            heatmap_weeks=int(settings.get("REACH_HEATMAP_WEEKS", 26)),
            follow_slug=settings.get("REACH_FOLLOW_SLUG", "ikuti-kami"),
            posts={**DEFAULT_POSTS, **settings.get("REACH_ACCOUNT_POSTS", {})},
            accounts=accounts,
            channels=[a["id"] for a in accounts] or ["facebook", "x", "instagram", "youtube"],
        )
