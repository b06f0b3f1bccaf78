"""Agenda files: every defect is reported with file, line and field, and stops the build."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.wilayah import load_units, load_wilayah
from reach.agenda import check_activity

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_story

WIB = ZoneInfo("Asia/Jakarta")
DATA = ROOT / "content" / "data"
GOOD = """\
title = "Posyandu Balita RW 03"
start = "2026-12-03 08:00"
end = "2026-12-03 11:00"
place = "Pos RW 03"
kecamatan = "Koja"
kelurahan = "Lagoa"
unit = "Sudin Kesehatan"
description = "Penimbangan balita."
contact = "Puskesmas Lagoa"
visibility = "public"
"""


def check(text: str, name: str = "content/agenda/2026-12-03-posyandu.toml"):
    return check_activity(
        name,
        text,
        wilayah=load_wilayah(DATA / "wilayah.toml"),
        units=load_units(DATA / "unit.toml", DATA / "wilayah.toml"),
        tz=WIB,
        modified=datetime(2026, 11, 28, 9, 0, tzinfo=WIB),
    )


def replace(line: str, new: str) -> str:
    assert line in GOOD
    return GOOD.replace(line, new)


def test_valid_file_gives_activity_in_wib_with_official_unit():
    activity, problems = check(GOOD)
    assert problems == []
    assert activity.id == "2026-12-03-posyandu"
    assert activity.start == datetime(2026, 12, 3, 8, 0, tzinfo=WIB)
    assert activity.unit == "Suku Dinas Kesehatan Jakarta Utara"
    assert activity.kelurahan.name == "Lagoa"
    assert activity.public


def test_kelurahan_in_other_kecamatan_names_line_field_and_fix():
    activity, problems = check(replace('kelurahan = "Lagoa"', 'kelurahan = "Sunter Jaya"'))
    assert activity is None
    [p] = problems
    assert (p.path, p.line, p.field) == ("content/agenda/2026-12-03-posyandu.toml", 6, "kelurahan")
    assert "Tanjung Priok" in p.message and "ganti kecamatan" in p.fix
    assert str(p).startswith("content/agenda/2026-12-03-posyandu.toml:6: kelurahan: ")


def test_bad_date_end_before_start_and_unknown_field():
    text = replace('start = "2026-12-03 08:00"', 'start = "03/12/2026"') + 'tempat = "x"\n'
    _, problems = check(text)
    fields = {(p.field, p.line) for p in problems}
    assert ("start", 2) in fields
    assert ("tempat", 11) in fields
    _, problems = check(replace('end = "2026-12-03 11:00"', 'end = "2026-12-03 07:00"'))
    assert [(p.field, p.line) for p in problems] == [("end", 3)]


def test_missing_required_visibility_and_typo_suggestions():
    text = replace('visibility = "public"\n', "").replace('"Koja"', '"Kojaa"')
    _, problems = check(text)
    by_field = {p.field: p for p in problems}
    assert "wajib" in by_field["visibility"].message
    assert by_field["kecamatan"].line == 5 and "Koja" in by_field["kecamatan"].fix


def test_toml_syntax_error_and_bad_file_name():
    _, problems = check(GOOD.replace('place = "Pos RW 03"', "place = Pos RW 03"))
    assert [(p.field, p.line) for p in problems] == [("TOML", 4)]
    _, problems = check(GOOD, name="content/agenda/Posyandu Lagoa.toml")
    assert [p.field for p in problems] == ["berkas"]


def test_build_stops_on_agenda_error_and_unknown_story_agenda(mini_content: Path, tmp_path: Path):
    (mini_content / "agenda").mkdir()
    bad = mini_content / "agenda" / "2026-12-03-posyandu.toml"
    bad.write_text(replace('visibility = "public"', 'visibility = "rahasia"'), encoding="utf-8")
    write_story(mini_content, Agenda="2026-12-03-posyandu-lagoaa")
    build = run_pelican(mini_content, tmp_path / "out")
    assert build.returncode == 1
    assert "2026-12-03-posyandu.toml:10: visibility: nilai 'rahasia' tidak dikenal" in build.log
    assert "index.md:14: Agenda: agenda '2026-12-03-posyandu-lagoaa' tidak ada" in build.log
    assert not (tmp_path / "out" / "index.html").exists()


def test_content_checker_reports_agenda_files_and_story_references(mini_content: Path):
    from workflow.cli import check  # noqa: PLC0415

    (mini_content / "agenda").mkdir()
    bad = mini_content / "agenda" / "2026-12-03-posyandu.toml"
    bad.write_text(replace('kecamatan = "Koja"', 'kecamatan = "Kojja"'), encoding="utf-8")
    write_story(mini_content, Agenda="2026-12-03-posyandu")
    out = io.StringIO()
    assert check([], content=mini_content, out=out) == 1
    report = out.getvalue()
    assert "2026-12-03-posyandu.toml:5: kecamatan: kecamatan 'Kojja' tidak ada" in report
    assert "maksud Anda Koja?" in report
    assert "index.md:14: Agenda: agenda '2026-12-03-posyandu' tidak ada" in report
    bad.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    assert check([], content=mini_content, out=out) == 0, out.getvalue()
