"""Data of the "Kinerja Publikasi" page: follower CSV, syndication ledger and published stories."""

from __future__ import annotations

import csv
import json
import logging
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .charts import Chart, bar_chart, heat_map, line_chart

logger = logging.getLogger(__name__)
CSV_FIELDS = ("tanggal", "platform", "pengikut", "keterangan")


def read_followers(path: Path) -> dict[str, list[tuple[date, int]]]:
    """Follower counts per platform from the CSV kept in git (``invoke stats`` appends to it)."""
    series: dict[str, list[tuple[date, int]]] = defaultdict(list)
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                series[row["platform"]].append(
                    (date.fromisoformat(row["tanggal"]), int(row["pengikut"]))
                )
            except (KeyError, ValueError, TypeError):
                logger.warning("%s:%d: baris statistik tidak bisa dibaca, dilewati", path, number)
    return {k: sorted(v) for k, v in series.items()}


def read_ledger(folder: Path) -> list[dict[str, Any]]:
    """Every syndication ledger entry (``syndication/*.json``, format in CONTRACTS.md)."""
    entries = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            entries.append(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            logger.warning("%s: catatan sindikasi tidak bisa dibaca (%s)", file, exc)
    return entries


def syndication_stats(
    entries: list[dict[str, Any]], channels: list[str]
) -> list[tuple[str, int, int, float | None]]:
    """Per channel: stories posted, stories in the ledger, median delay in minutes (or None)."""
    total = len(entries)
    result = []
    for channel in channels:
        delays = []
        posted = 0
        for entry in entries:
            state = entry.get("channels", {}).get(channel) or {}
            if state.get("status") != "posted":
                continue
            posted += 1
            try:
                published = datetime.fromisoformat(entry["published"])
                at = datetime.fromisoformat(state["posted_at"])
            except (KeyError, TypeError, ValueError):
                continue
            delays.append((at - published).total_seconds() / 60)
        median = statistics.median(delays) if delays else None
        result.append((channel, posted, total, median))
    return result


def duration(minutes: float | None) -> str:
    """``1 jam 5 menit``; ``—`` when unknown."""
    if minutes is None:
        return "—"
    minutes = round(minutes)
    hours, rest = divmod(abs(minutes), 60)
    text = f"{hours} jam {rest} menit" if hours else f"{rest} menit"
    return text if minutes >= 0 else f"−{text}"


def build_charts(
    *,
    followers: dict[str, list[tuple[date, int]]],
    articles: list[Any],
    ledger: list[dict[str, Any]],
    channels: list[str],
    names: dict[str, str],
    kecamatan: list[str],
    today: date,
    weeks: int,
) -> list[Chart]:
    """All charts of the dashboard, in page order."""
    charts = [line_chart("pengikut", "Pengikut per platform", followers, names)]
    per_day = Counter(a.date.date() for a in articles)
    charts.append(heat_map("per-hari", "Berita terbit per hari", per_day, today, weeks))
    per_kec = Counter(str(a.kecamatan) for a in articles if getattr(a, "kecamatan", None))
    charts.append(
        bar_chart("per-kecamatan", "Berita per kecamatan", [(k, per_kec[k]) for k in kecamatan])
    )
    synd = syndication_stats(ledger, channels)
    share = [
        (names.get(c, c), posted / total * 100 if total else 0.0) for c, posted, total, _ in synd
    ]
    delays = "; ".join(f"{names.get(c, c)}: {duration(m)}" for c, _, _, m in synd if m is not None)
    summary = (
        f"{len(ledger)} berita tercatat di buku sindikasi. Median jeda dari terbit sampai "
        f"terkirim: {delays or 'belum ada'}."
    )
    chart = bar_chart(
        "sindikasi", "Berita yang terkirim ke tiap kanal", share, percent=True, summary=summary
    )
    chart.headers = ("Kanal", "Terkirim", "Persen", "Median jeda")
    chart.rows = [
        (
            names.get(c, c),
            f"{posted} dari {total}",
            f"{(posted / total * 100) if total else 0:.0f}%",
            duration(m),
        )
        for c, posted, total, m in synd
    ]
    charts.append(chart)
    per_unit = Counter(str(a.unit) for a in articles if getattr(a, "unit", None))
    no_unit = sum(1 for a in articles if not getattr(a, "unit", None))
    items = sorted(per_unit.items(), key=lambda item: (-item[1], item[0]))
    if no_unit:
        items.append(("(tanpa unit)", no_unit))
    charts.append(bar_chart("per-unit", "Berita per unit kerja pengirim", items))
    return charts
