"""Checks of a story's photo and video files before anything is rendered or written.

Each check returns Problems for the newsroom's build log (story file, field, what, fix).
Images are only opened to read their header here (once per file version, remembered in the
source index); decoding happens in the workers.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsroom.problems import Problem

from .config import MediaConfig
from .sources import SourceIndex

RASTER_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "AVIF", "TIFF"})
_SVG_DANGER = re.compile(
    rb"<script|\son[a-z]+\s*=|javascript:|<foreignObject|<!ENTITY", re.IGNORECASE
)
#: Container signatures: ISO-BMFF (MP4, MOV, M4V) at byte 4, Matroska/WebM EBML at byte 0.
_BMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
_EBML = b"\x1a\x45\xdf\xa3"


def _problem(story: str, field: str, message: str, fix: str) -> Problem:
    return Problem(story, 0, field, message, fix)


def check_svg(path: Path, story: str, field: str) -> list[Problem]:
    """SVG files may not carry scripts, event handlers or external entities."""
    if _SVG_DANGER.search(path.read_bytes()):
        return [
            _problem(
                story,
                field,
                f"{path.name} berisi skrip atau kode aktif (SVG tidak aman)",
                "simpan ulang gambar tanpa skrip, atau pakai JPEG/PNG",
            )
        ]
    return []


def check_image(
    path: Path,
    story: str,
    field: str,
    config: MediaConfig,
    *,
    lead: bool,
    index: SourceIndex | None = None,
) -> tuple[list[Problem], tuple[int, int] | None]:
    """Problems of one photo file and its oriented size (None when it cannot be used)."""
    if path.suffix.lower() == ".svg" and path.is_file():
        return check_svg(path, story, field), None
    size, defect = _inspect(path, config, index or SourceIndex(), lead=lead)
    if defect:
        return [_problem(story, field, *defect)], None
    return [], size


def _inspect(
    path: Path, config: MediaConfig, index: SourceIndex, *, lead: bool
) -> tuple[tuple[int, int] | None, tuple[str, str] | None]:
    """The oriented size of a raster photo, or what is wrong with it and how to fix it."""
    name = path.name
    stat = index.stat(path)
    if stat is None:
        fix = "periksa nama berkas (huruf besar/kecil) atau salin fotonya ke folder berita"
        return None, (f"berkas foto {name} tidak ditemukan", fix)
    megabytes, limit_mb = stat.st_size / 1024 / 1024, config.max_bytes // 1024 // 1024
    if megabytes > limit_mb:
        fix = "perkecil atau ekspor ulang foto (JPEG kualitas 85 cukup)"
        return None, (f"{name} terlalu besar ({megabytes:.0f} MB > {limit_mb} MB)", fix)
    probe = index.probe(path, stat)
    if probe.error == "unreadable" or (not probe.error and probe.size is None):
        fix = "buka dan simpan ulang sebagai JPEG, atau ganti fotonya"
        return None, (f"{name} rusak atau bukan gambar yang dikenali", fix)
    fmt = probe.fmt if probe.size else "JPEG"  # a decompression bomb: refuse by pixel count
    size = probe.size or (config.max_pixels + 1, 1)
    if fmt not in RASTER_FORMATS:
        return None, (f"format {fmt} pada {name} tidak didukung", "simpan ulang sebagai JPEG")
    defect = _size_defect(name, size, config, lead=lead)
    return (None, defect) if defect else (size, None)


def _size_defect(
    name: str, size: tuple[int, int], config: MediaConfig, *, lead: bool
) -> tuple[str, str] | None:
    """Too many pixels (decompression bomb) or too few for the lead slot."""
    if size[0] * size[1] > config.max_pixels:
        limit = config.max_pixels // 1_000_000
        return (
            f"{name} lebih dari {limit} megapiksel",
            "perkecil ukuran piksel foto sebelum diunggah",
        )
    if lead and max(size) < config.lead_min_edge:
        edge = config.lead_min_edge
        message = (
            f"{name} hanya {size[0]}×{size[1]} piksel; sisi terpanjang foto utama minimal {edge}"
        )
        return message, "pakai foto asli dari kamera, bukan potongan kecil"
    return None


def check_video(path: Path, story: str, config: MediaConfig) -> list[Problem]:
    """A local video must exist, be MP4/MOV/WebM by its bytes, and stay under the size cap."""
    name = path.name
    if not path.is_file():
        return [
            _problem(
                story,
                "Video",
                f"berkas video {name} tidak ditemukan",
                "salin videonya ke folder berita",
            )
        ]
    with path.open("rb") as handle:
        head = handle.read(12)
    if not (head[4:8] in _BMFF_BOXES or head.startswith(_EBML)):
        fix = "ekspor ulang sebagai MP4 (H.264) atau WebM"
        return [_problem(story, "Video", f"{name} bukan video MP4, MOV atau WebM", fix)]
    if path.stat().st_size > config.video_max_bytes:
        limit = config.video_max_bytes // 1024 // 1024
        fix = "perpendek atau kompres videonya"
        return [_problem(story, "Video", f"{name} lebih dari {limit} MB", fix)]
    return []
