"""Generate a synthetic archive of N stories (realistic text and metadata) for benchmarks.

Text comes from the sample stories (paragraphs recombined), metadata covers every rubrik,
kecamatan and kelurahan, and M camera-size JPEGs are generated once and hard-linked into the
story folders that use them (as when one photo is reused across stories).
"""

from __future__ import annotations

import os
import random
import shutil
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from tests.support.photos import write_photo

ROOT = Path(__file__).resolve().parents[2]
RUBRIK = (
    "Pemerintahan", "Pembangunan", "Kesehatan", "Pendidikan", "Lingkungan", "Sosial",
    "Ekonomi", "Budaya & Olahraga", "Ketenteraman & Ketertiban", "Layanan Publik",
)  # fmt: skip
REPORTERS = (
    "Rina Marlina", "Dedi Kurniawan", "Siti Nurhaliza Putri", "Bayu Prasetyo",
    "Yohanes Simanjuntak", "Fitri Handayani", "Ahmad Zaki", "Maria Goretti",
)  # fmt: skip
TAGS = (
    "banjir", "posyandu", "UMKM", "car free day", "sampah", "stunting", "PPSU", "KTP elektronik",
    "lansia", "pelajar", "lalu lintas", "kebakaran", "mangrove", "bank sampah", "pasar murah",
    "imunisasi", "Kali Sunter", "RPTRA", "nelayan", "futsal",
)  # fmt: skip
UNITS = (
    "Suku Dinas Kesehatan Jakarta Utara", "Suku Dinas Sumber Daya Air Jakarta Utara",
    "Suku Dinas Sosial Jakarta Utara", "Satuan Polisi Pamong Praja Jakarta Utara",
    "Suku Dinas Lingkungan Hidup Jakarta Utara", "Suku Dinas Bina Marga Jakarta Utara",
)  # fmt: skip


def _paragraphs() -> list[str]:
    """Body paragraphs of the sample stories (no headings, lists or images)."""
    paras = []
    for index in sorted((ROOT / "content" / "berita").rglob("index.md")):
        body = index.read_text(encoding="utf-8").split("\n\n", 1)[1]
        for raw in body.split("\n\n"):
            para = raw.strip()
            if para and not para.startswith(("!", "#", "-", "*")):
                paras.append(para)
    return paras


def _places() -> list[tuple[str, str]]:
    with open(ROOT / "content" / "data" / "wilayah.toml", "rb") as handle:
        data = tomllib.load(handle)
    return [(d["nama"], k["nama"]) for d in data["kecamatan"] for k in d["kelurahan"]]


def make_photos(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    """``count`` camera-like JPEGs (4000×3000 by default) with EXIF and GPS."""
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for n in range(count):
        path = folder / f"foto-{n:04d}.jpg"
        if not path.exists():
            write_photo(
                path, width=size[0], height=size[1], seed=f"bench-{n}",
                taken=datetime(2026, 11, 1, 9, 0), artist="Fotografer Bench",
                copyright="Sudin Kominfotik Jakarta Utara", gps=(-6.12, 106.88), quality=92,
            )  # fmt: skip
        photos.append(path)
    return photos


def story_text(n: int, rng: random.Random, paras: list[str], place: tuple[str, str],
               date: datetime, photo: str, extra_photo: str | None) -> str:  # fmt: skip
    """One story's index.md."""
    kec, kel = place
    title = f"Kegiatan Warga {kel} Nomor {n}: {rng.choice(TAGS).title()} di {kec}"
    tags = ", ".join(rng.sample(TAGS, 3))
    authors = ", ".join(rng.sample(REPORTERS, rng.choice((1, 1, 2))))
    header = (
        f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\n"
        f"Summary: Ringkasan berita nomor {n} tentang kegiatan di Kelurahan {kel}, "
        f"Kecamatan {kec}, untuk pengujian kinerja.\n"
        f"Category: {RUBRIK[n % len(RUBRIK)]}\nKecamatan: {kec}\nKelurahan: {kel}\n"
        f"Tags: {tags}\nAuthor: {authors}\nUnit: {rng.choice(UNITS)}\n"
        f"Image: {photo}\nImageAlt: Foto kegiatan warga di {kel}\n"
        f"ImageCaption: Kegiatan warga di Kelurahan {kel}.\n"
        "ImageCredit: Kominfotik JU/Fotografer Bench\n"
    )
    body = rng.sample(paras, min(len(paras), rng.randint(5, 9)))
    if extra_photo:
        body.insert(2, f'![Suasana kegiatan di {kel}]({extra_photo} "Suasana kegiatan.")')
    return header + "\n" + "\n\n".join(body) + "\n"


def generate(content: Path, stories: int, photos: list[Path], *, seed: int = 2026) -> list[Path]:
    """Write ``stories`` story folders under ``content/berita`` plus the project's data files."""
    rng = random.Random(seed)
    paras = _paragraphs()
    places = _places()
    shutil.copytree(ROOT / "content" / "data", content / "data", dirs_exist_ok=True)
    (content / "halaman").mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 11, 27, 18, 0)
    written = []
    for n in range(stories):
        date = start - timedelta(minutes=n * 97 + rng.randint(0, 60))
        folder = content / "berita" / f"{date:%Y}" / f"{date:%m}" / f"berita-uji-{n:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        lead = photos[n % len(photos)]
        extra = photos[(n * 7 + 3) % len(photos)] if n % 3 == 0 and len(photos) > 1 else None
        for source in filter(None, (lead, extra)):
            target = folder / source.name
            if not target.exists():
                os.link(source, target)
        text = story_text(n, rng, paras, places[n % len(places)], date, lead.name,
                          extra.name if extra else None)  # fmt: skip
        (folder / "index.md").write_text(text, encoding="utf-8")
        written.append(folder / "index.md")
    return written
