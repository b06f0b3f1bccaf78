"""Checks of a story's photo and video files before anything is rendered or written.

Each check returns Problems for the newsroom's build log (story file, field, what, fix).
Images are only opened to read their header here; decoding happens in the workers.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from newsroom.problems import Problem
from PIL import Image, UnidentifiedImageError

from .config import MediaConfig
from .encode import oriented_size

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
    path: Path, story: str, field: str, config: MediaConfig, *, lead: bool
) -> tuple[list[Problem], tuple[int, int] | None]:
    """Problems of one photo file and its oriented size (None when it cannot be used)."""
    name = path.name
    if not path.is_file():
        fix = "periksa nama berkas (huruf besar/kecil) atau salin fotonya ke folder berita"
        return [_problem(story, field, f"berkas foto {name} tidak ditemukan", fix)], None
    if path.suffix.lower() == ".svg":
        return check_svg(path, story, field), None
    size_bytes = path.stat().st_size
    if size_bytes > config.max_bytes:
        mb = size_bytes / 1024 / 1024
        limit = config.max_bytes // 1024 // 1024
        fix = "perkecil atau ekspor ulang foto (JPEG kualitas 85 cukup)"
        return [_problem(story, field, f"{name} terlalu besar ({mb:.0f} MB > {limit} MB)", fix)], None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                fmt = img.format
                size = oriented_size(img)
    except Image.DecompressionBombError:
        size, fmt = (config.max_pixels + 1, 1), "JPEG"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        fix = "buka dan simpan ulang sebagai JPEG, atau ganti fotonya"
        return [_problem(story, field, f"{name} rusak atau bukan gambar yang dikenali", fix)], None
    if fmt not in RASTER_FORMATS:
        fix = "simpan ulang sebagai JPEG"
        return [_problem(story, field, f"format {fmt} pada {name} tidak didukung", fix)], None
    if size[0] * size[1] > config.max_pixels:
        limit = config.max_pixels // 1_000_000
        fix = "perkecil ukuran piksel foto sebelum diunggah"
        return [_problem(story, field, f"{name} lebih dari {limit} megapiksel", fix)], None
    if lead and size[0] < config.lead_min_width:
        message = f"{name} hanya {size[0]} piksel lebarnya; foto utama minimal {config.lead_min_width}"
        return [_problem(story, field, message, "pakai foto asli dari kamera, bukan potongan kecil")], None
    return [], size


def check_video(path: Path, story: str, config: MediaConfig) -> list[Problem]:
    """A local video must exist, be MP4/MOV/WebM by its bytes, and stay under the size cap."""
    name = path.name
    if not path.is_file():
        return [_problem(story, "Video", f"berkas video {name} tidak ditemukan", "salin videonya ke folder berita")]
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
