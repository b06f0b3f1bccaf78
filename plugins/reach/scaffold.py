"""``invoke agenda-new``: a new agenda file with every field and a comment on each."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.utils import slugify

from .agenda import AGENDA_FIELDS

TEMPLATE = """\
# Agenda kegiatan. Semua waktu dalam WIB, ditulis "YYYY-MM-DD HH:MM".
# Periksa dengan `make check` (atau `invoke build`) sebelum commit.
# {title_help}
title = {title}
# {start_help}
start = "{start}"
# {end_help}
end = "{end}"
# {place_help}
place = {place}
# {kecamatan_help}: {kecamatan_choices}
kecamatan = {kecamatan}
# {kelurahan_help}
kelurahan = {kelurahan}
# {unit_help} (nama atau singkatan di content/data/unit.toml)
unit = {unit}
# {description_help}
description = ""
# {contact_help}
contact = ""
# {visibility_help}
visibility = "{visibility}"
# {updated_help}
updated = "{updated}"
# {sequence_help}
sequence = 0
"""


def quote(value: str) -> str:
    """A TOML basic string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def agenda_text(
    *,
    title: str,
    start: datetime,
    end: datetime,
    now: datetime,
    place: str = "",
    kecamatan: str = "",
    kelurahan: str = "",
    unit: str = "",
    internal: bool = False,
    kecamatan_choices: list[str],
) -> str:
    """The text of a new agenda file (also the CMS's template for new agenda items)."""
    helps = {f"{k}_help": v for k, v in AGENDA_FIELDS.items()}
    return TEMPLATE.format(
        title=quote(title),
        start=f"{start:%Y-%m-%d %H:%M}",
        end=f"{end:%Y-%m-%d %H:%M}",
        place=quote(place),
        kecamatan=quote(kecamatan),
        kelurahan=quote(kelurahan),
        unit=quote(unit),
        visibility="internal" if internal else "public",
        updated=f"{now:%Y-%m-%d %H:%M}",
        kecamatan_choices=", ".join(kecamatan_choices),
        **helps,
    )


def agenda_slug(title: str) -> str:
    """The title part of an agenda code (file name)."""
    return slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])[:50].strip("-")


def agenda_file(folder: Path, *, title: str, start: datetime, **fields: object) -> Path:
    """Write ``<folder>/<YYYY-MM-DD>-<slug>.toml``; refuses to overwrite an existing file.

    ``fields`` are the keyword arguments of :func:`agenda_text` (end, now, place, ...).
    """
    path = folder / f"{start:%Y-%m-%d}-{agenda_slug(title)}.toml"
    if path.exists():
        raise FileExistsError(path)
    text = agenda_text(title=title, start=start, **fields)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
