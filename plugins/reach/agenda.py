"""Agenda items: one TOML file per city activity (``content/agenda/<id>.toml``), checked.

Every problem names the file, the line and the field, like story problems
(:class:`newsroom.problems.Problem`), so staff fix agenda files the same way as stories.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from newsroom.header import parse_date
from newsroom.problems import Problem
from newsroom.wilayah import Area, District, Wilayah, canonical_unit, suggest

#: Fields of an agenda file, with a short Indonesian description (also used by ``agenda-new``).
AGENDA_FIELDS: dict[str, str] = {
    "title": "nama kegiatan",
    "start": "mulai, YYYY-MM-DD HH:MM (WIB)",
    "end": "selesai, YYYY-MM-DD HH:MM (WIB)",
    "place": "tempat kegiatan",
    "kecamatan": "kecamatan lokasi",
    "kelurahan": "kelurahan lokasi (boleh kosong)",
    "unit": "unit kerja penyelenggara",
    "description": "penjelasan singkat untuk warga",
    "contact": "narahubung (nama dan nomor/alamat surel)",
    "visibility": "public (tampil di situs) atau internal (tidak pernah diterbitkan)",
    "updated": "kapan berkas ini terakhir diubah (WIB)",
    "sequence": "nomor revisi; naikkan 1 setiap jam atau tempat berubah",
}
REQUIRED = ("title", "start", "place", "kecamatan", "description", "visibility")
VISIBILITY = {"public": "public", "publik": "public", "internal": "internal"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEY_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=")
MAX_DURATION = timedelta(days=14)


@dataclass(frozen=True)
class Activity:
    """A checked agenda item. ``id`` is the file name without ``.toml``."""

    id: str
    title: str
    start: datetime
    end: datetime | None
    place: str
    kecamatan: District
    kelurahan: Area | None
    unit: str
    description: str
    contact: str
    public: bool
    updated: datetime
    sequence: int
    source_path: str

    @property
    def day(self) -> date:
        return self.start.date()

    def is_past(self, now: datetime) -> bool:
        return (self.end or self.start) < now


def _lines(text: str) -> dict[str, int]:
    """Line number of each top-level key (tomllib does not report positions)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY_LINE.match(line)
        if match:
            found.setdefault(match.group(1).lower(), number)
    return found


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 0


class _Checker:
    def __init__(self, path: str, lines: dict[str, int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, key: str, message: str, fix: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(self.path, self.lines.get(key, 0), key, message, fix, severity)  # type: ignore[arg-type]
        )


def _when(c: _Checker, data: dict[str, Any], key: str, tz: tzinfo) -> datetime | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    if isinstance(value, str):
        try:
            return parse_date(value, tz)
        except ValueError:
            pass
    c.add(key, f"waktu {value!r} tidak bisa dibaca", 'tulis seperti "2026-12-03 08:00" (WIB)')
    return None


def _text(c: _Checker, data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        c.add(key, f"harus berupa teks, bukan {value!r}", f'tulis dalam tanda kutip: {key} = "…"')
        return ""
    return " ".join(value.split())


def _place(
    c: _Checker, data: dict[str, Any], wilayah: Wilayah
) -> tuple[District | None, Area | None]:
    kec_name = _text(c, data, "kecamatan")
    kel_name = _text(c, data, "kelurahan")
    district = wilayah.kecamatan(kec_name) if kec_name else None
    if kec_name and district is None:
        guess = suggest(kec_name, wilayah.kecamatan_names())
        choices = ", ".join(wilayah.kecamatan_names())
        fix = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {choices}"
        c.add("kecamatan", f"kecamatan {kec_name!r} tidak ada di Jakarta Utara", fix)
    if not kel_name or district is None:
        return district, None
    village = next((k for d, k in wilayah.kelurahan(kel_name) if d is district), None)
    if village is None:
        elsewhere = wilayah.kelurahan(kel_name)
        if elsewhere:
            other = elsewhere[0][0].name
            c.add(
                "kelurahan",
                f"Kelurahan {kel_name} ada di Kecamatan {other}, bukan {district.name}",
                f"ganti kecamatan menjadi {other} atau perbaiki kelurahan",
            )
        else:
            names = [k.name for k in district.kelurahan]
            guess = suggest(kel_name, names)
            fix = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {', '.join(names)}"
            c.add(
                "kelurahan", f"kelurahan {kel_name!r} tidak ada di Kecamatan {district.name}", fix
            )
    return district, village


def check_activity(
    path: str,
    text: str,
    *,
    wilayah: Wilayah,
    units: dict[str, str],
    tz: tzinfo,
    modified: datetime,
) -> tuple[Activity | None, list[Problem]]:
    """Check one agenda file's text; ``path`` is shown in problems, ``modified`` is its mtime."""
    stem = Path(path).stem
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = Problem(
            path,
            _toml_error_line(exc),
            "TOML",
            f"berkas tidak bisa dibaca ({exc})",
            'periksa tanda kutip dan tanda "=" di baris itu',
        )
        return None, [problem]
    c = _Checker(path, _lines(text))
    if not ID_RE.match(stem):
        c.add(
            "berkas",
            f"nama berkas {stem!r} tidak bisa menjadi kode agenda",
            "pakai huruf kecil, angka dan tanda hubung, mis. 2026-12-03-posyandu-lagoa.toml",
        )
    for key in data:
        if key.lower() not in AGENDA_FIELDS:
            guess = suggest(key, list(AGENDA_FIELDS))
            fix = (
                f"maksud Anda {guess}?"
                if guess
                else f"kolom yang dikenal: {', '.join(AGENDA_FIELDS)}"
            )
            c.add(key, f"kolom {key!r} tidak dikenal", fix)
    data = {k.lower(): v for k, v in data.items()}
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            c.add(key, f"{AGENDA_FIELDS[key]} wajib diisi", f'tambahkan baris {key} = "…"')
    title = _text(c, data, "title")
    start = _when(c, data, "start", tz)
    end = _when(c, data, "end", tz)
    if start and end and end <= start:
        c.add("end", "waktu selesai tidak sesudah waktu mulai", "periksa tanggal dan jam end")
    elif start and end and end - start > MAX_DURATION:
        c.add("end", "kegiatan lebih dari 14 hari", "periksa tanggal end, atau pecah agendanya")
    district, village = _place(c, data, wilayah)
    unit = _text(c, data, "unit")
    if unit:
        official = canonical_unit(units, unit)
        if official is None:
            guess = suggest(unit, list(units))
            fix = f"maksud Anda {units[guess]}?" if guess else "tambahkan ke content/data/unit.toml"
            c.add("unit", f"unit {unit!r} belum terdaftar", fix, severity="warning")
        unit = official or unit
    visibility = _text(c, data, "visibility").lower()
    if visibility and visibility not in VISIBILITY:
        c.add("visibility", f"nilai {visibility!r} tidak dikenal", 'tulis "public" atau "internal"')
    sequence = data.get("sequence", 0)
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        c.add("sequence", f"nomor revisi {sequence!r} tidak sah", "tulis bilangan bulat, mis. 1")
        sequence = 0
    updated = _when(c, data, "updated", tz) or modified
    errors = [p for p in c.problems if p.severity == "error"]
    if errors or start is None or district is None:
        return None, c.problems
    activity = Activity(
        id=stem,
        title=title,
        start=start,
        end=end,
        place=_text(c, data, "place"),
        kecamatan=district,
        kelurahan=village,
        unit=unit,
        description=_text(c, data, "description"),
        contact=_text(c, data, "contact"),
        public=VISIBILITY.get(visibility) == "public",
        updated=updated,
        sequence=sequence,
        source_path=path,
    )
    return activity, c.problems


def load_agenda(
    folder: Path,
    shown: Any,
    *,
    wilayah: Wilayah,
    units: dict[str, str],
    tz: tzinfo,
) -> tuple[list[Activity], list[Problem]]:
    """Read and check every ``*.toml`` in ``folder``; ``shown(path)`` is the path staff see."""
    activities: list[Activity] = []
    problems: list[Problem] = []
    for file in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        path = shown(file)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(
                Problem(path, 0, "berkas", "bukan teks UTF-8", "simpan ulang berkas sebagai UTF-8")
            )
            continue
        modified = datetime.fromtimestamp(file.stat().st_mtime, tz)
        activity, found = check_activity(
            path, text, wilayah=wilayah, units=units, tz=tz, modified=modified
        )
        problems += found
        if activity is not None:
            activities.append(activity)
    activities.sort(key=lambda a: (a.start, a.id))
    return activities, problems


def _field_line(path: Path, key: str) -> int:
    """Line of a ``Key: value`` header field in a story file (0 when not found)."""
    pattern = re.compile(rf"^\s*{key}\s*:", re.IGNORECASE)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 0)


def unknown_references(references: list[tuple[str, str, int]], known: set[str]) -> list[Problem]:
    """Problems for stories naming an agenda id that does not exist; ``(shown, id, line)``."""
    problems = []
    for shown, agenda_id, line in references:
        if agenda_id in known:
            continue
        guess = suggest(agenda_id, sorted(known))
        problems.append(
            Problem(
                shown,
                line,
                "Agenda",
                f"agenda {agenda_id!r} tidak ada di content/agenda/",
                f"maksud Anda {guess}?" if guess else "tulis nama berkas agenda tanpa .toml",
            )
        )
    return problems


def agenda_id(value: object) -> str:
    """The agenda id a story names (``Agenda: 2026-12-03-posyandu-lagoa``, ``.toml`` allowed)."""
    return str(value).strip().removesuffix(".toml")


def story_links(
    articles: list[Any], activities: list[Activity], shown: Any
) -> tuple[dict[str, Any], list[Problem]]:
    """Map agenda id → covering story (from the story field ``Agenda:``); unknown ids are errors."""
    known = {a.id for a in activities}
    links: dict[str, Any] = {}
    references = []
    for article in articles:
        value = getattr(article, "agenda", None)
        if not value:
            continue
        if agenda_id(value) in known:
            links.setdefault(agenda_id(value), article)
        else:
            path = Path(article.source_path)
            references.append((shown(path), agenda_id(value), _field_line(path, "agenda")))
    return links, unknown_references(references, known)
