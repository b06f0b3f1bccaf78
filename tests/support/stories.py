"""Write small, valid test stories (one folder each) that tests then break one field at a time."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

DEFAULT_FIELDS: dict[str, str] = {
    "Title": "Warga Sunter Jaya Ikuti Kerja Bakti Bersihkan Saluran",
    "Date": "2026-11-20 09:30",
    "Summary": "Ratusan warga RW 05 Sunter Jaya membersihkan saluran air menjelang musim hujan.",
    "Category": "Lingkungan",
    "Kecamatan": "Tanjung Priok",
    "Kelurahan": "Sunter Jaya",
    "Tags": "kerja bakti, banjir",
    "Author": "Rina Marlina",
    "Unit": "Kelurahan Sunter Jaya",
    "Image": "kerja-bakti.jpg",
    "ImageAlt": "Warga mengangkat lumpur dari saluran air di pinggir jalan",
    "ImageCaption": "Warga membersihkan saluran air di RW 05, Jumat (20/11/2026).",
    "ImageCredit": "Kominfotik JU/Agus Setiawan",
}
BODY = (
    "Warga RW 05 Kelurahan Sunter Jaya bergotong royong membersihkan saluran air pada "
    "Jumat pagi.\n\nKegiatan ini rutin digelar setiap bulan menjelang musim hujan.\n"
)


def new_content(root: Path) -> Path:
    """``root/content`` with the project's data files and empty story and page folders."""
    content = root / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content" / "data", content / "data")
    (content / "berita").mkdir()
    (content / "halaman").mkdir()
    return content


def write_photo(path: Path, size: tuple[int, int] = (1600, 1067)) -> Path:
    """A plain real JPEG (tests that need realistic photos use tests.support.photos)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (70, 110, 150)).save(path, "JPEG", quality=80)
    return path


def write_story(
    content: Path,
    slug: str = "kerja-bakti-sunter-jaya",
    *,
    folder_month: str = "2026/11",
    body: str = BODY,
    photos: tuple[str, ...] = ("kerja-bakti.jpg",),
    drop: tuple[str, ...] = (),
    raw_header: str | None = None,
    **fields: str,
) -> Path:
    """Create ``content/berita/<folder_month>/<slug>/index.md`` and its photos; return index.md.

    ``fields`` override or add header fields (``ImageAlt="..."``); ``drop`` removes fields.
    ``raw_header`` replaces the generated header entirely.
    """
    folder = content / "berita" / folder_month / slug
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**DEFAULT_FIELDS, **fields}
    header = raw_header
    if header is None:
        header = "".join(f"{k}: {v}\n" for k, v in merged.items() if k not in drop)
    index = folder / "index.md"
    index.write_text(header + "\n" + body, encoding="utf-8")
    for name in photos:
        write_photo(folder / name)
    return index


def bare_story_folder(tmp_path: Path) -> dict[str, Any]:
    """``content/berita/kerja-bakti/index.md`` under ``tmp_path``; Pelican's default settings
    with that content folder (for tests of per-story keys and digests)."""
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415 (only these tests need it)

    content = tmp_path / "content"
    folder = content / "berita" / "kerja-bakti"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text("Title: Kerja Bakti\n", encoding="utf-8")
    return dict(DEFAULT_CONFIG, PATH=str(content))


def bare_story(settings: dict[str, Any], title: str, body: str = "<p>Isi</p>") -> Any:
    """A Pelican Article read from :func:`bare_story_folder`'s folder."""
    from pelican.contents import Article  # noqa: PLC0415

    folder = Path(settings["PATH"]) / "berita" / "kerja-bakti"
    meta = {"title": title, "date": datetime(2026, 11, 2, 8), "slug": "kerja-bakti"}
    return Article(body, metadata=meta, settings=settings, source_path=str(folder / "index.md"))
