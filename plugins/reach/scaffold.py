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


def agenda_file(
    folder: Path,
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
) -> Path:
    """Write ``<folder>/<YYYY-MM-DD>-<slug>.toml``; refuses to overwrite an existing file."""
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])[:50].strip("-")
    path = folder / f"{start:%Y-%m-%d}-{slug}.toml"
    if path.exists():
        raise FileExistsError(path)
    helps = {f"{k}_help": v for k, v in AGENDA_FIELDS.items()}
    text = TEMPLATE.format(
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
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
