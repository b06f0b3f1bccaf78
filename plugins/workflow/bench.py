"""``invoke bench-workflow``: time the checker over a large archive and ``preview-story`` on one
story of it, so the "about a second even with thousands of stories" target is measured, not
asserted in a unit test."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image

from .check import run_check
from .preview import render
from .settings import ROOT, load

STORY = """\
Title: Kerja Bakti Warga RW {n:02d} di Kelurahan {kelurahan}
Date: 2026-{month:02d}-{day:02d} 09:{minute:02d}
Summary: Warga RW {n:02d} membersihkan saluran air menjelang musim hujan.
Category: Lingkungan
Kecamatan: Tanjung Priok
Kelurahan: {kelurahan}
Tags: kerja bakti, banjir
Author: Rina Marlina
{image}
Warga RW {n:02d} bergotong royong membersihkan saluran air pada pagi hari.

Kegiatan ini rutin digelar setiap bulan.
"""


def make_archive(content: Path, count: int) -> Path:
    """``count`` stories under ``content/berita``; return the last one (with a real photo)."""
    shutil.copytree(ROOT / "content" / "data", content / "data")
    kelurahan = ["Sunter Jaya", "Papanggo", "Warakas", "Sunter Agung", "Kebon Bawang"]
    last = content
    for n in range(count):
        month, day = 1 + n % 12, 1 + n % 28
        folder = content / "berita" / "2026" / f"{month:02d}" / f"kerja-bakti-{n:05d}"
        folder.mkdir(parents=True)
        image = "" if n < count - 1 else "Image: foto.jpg\nImageAlt: Warga membersihkan saluran\n"
        text = STORY.format(
            n=n % 100, kelurahan=kelurahan[n % 5], month=month, day=day, minute=n % 60, image=image
        )
        last = folder / "index.md"
        last.write_text(text, encoding="utf-8")
    Image.new("RGB", (1600, 1067), (70, 110, 150)).save(last.parent / "foto.jpg", quality=80)
    return last


def run(count: int = 3000, previews: int = 3) -> dict[str, float]:
    """Timings in seconds: checking the whole archive, then previewing one story."""
    with tempfile.TemporaryDirectory(prefix="bench-workflow-") as tmp:
        content = Path(tmp) / "content"
        story = make_archive(content, count)
        settings = load(content=content)
        started = time.perf_counter()
        report = run_check(settings)
        results = {"check_all": time.perf_counter() - started, "stories": report.checked}
        for attempt in range(previews):
            result = render(story, settings, Path(tmp) / "preview")
            results[f"preview_{attempt + 1}"] = result.seconds
    return results
