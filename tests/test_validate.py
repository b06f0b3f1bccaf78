"""Pure checks of story headers: each defect gives one message naming the field and the fix."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from newsroom.header import split_header
from newsroom.validate import Rules, check_story, youtube_id
from newsroom.wilayah import load_units, load_wilayah

from tests.support.stories import DEFAULT_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"
RULES = Rules(
    wilayah=load_wilayah(DATA / "wilayah.toml"),
    units=load_units(DATA / "unit.toml", DATA / "wilayah.toml"),
    rubrik=("Lingkungan", "Kesehatan", "Budaya & Olahraga"),
    channels=("facebook", "x"),
    timezone=ZoneInfo("Asia/Jakarta"),
)
FILES = frozenset({"kerja-bakti.jpg", "video.mp4"})


def check(drop=(), **fields):
    merged = {**DEFAULT_FIELDS, **fields}
    text = "".join(f"{k}: {v}\n" for k, v in merged.items() if k not in drop) + "\nIsi.\n"
    return check_story("berita/x/index.md", split_header(text), FILES, RULES)


def errors(problems):
    return [(p.field, p.line) for p in problems if p.severity == "error"]


def test_valid_story_has_no_problems_and_is_normalised():
    values, problems = check(Unit="Sudin Kominfotik", Category="lingkungan")
    assert problems == []
    assert values.kecamatan.name == "Tanjung Priok"
    assert values.kecamatan.code == "31.72.02"
    assert values.kelurahan.code == "31.72.02.1002"
    assert values.category == "Lingkungan"
    assert values.unit == "Suku Dinas Komunikasi, Informatika dan Statistik Jakarta Utara"
    assert values.syndicate == ["facebook", "x"]
    assert values.date.isoformat() == "2026-11-20T09:30:00+07:00"


def test_the_31_kelurahan_and_6_kecamatan_are_all_there():
    districts = RULES.wilayah.districts
    assert len(districts) == 6
    assert sum(len(d.kelurahan) for d in districts) == 31
    codes = [k.code for d in districts for k in d.kelurahan]
    assert len(set(codes)) == 31
    assert all(k.code.startswith(d.code + ".") for d in districts for k in d.kelurahan)


@pytest.mark.parametrize(
    ("fields", "drop", "field", "line", "needle"),
    [
        ({"Kecamatan": "Kebayoran"}, (), "Kecamatan", 5, "tidak ada di Jakarta Utara"),
        ({"Kecamatan": "Koja"}, (), "Kelurahan", 6, "ada di Kecamatan Tanjung Priok, bukan Koja"),
        ({"Kelurahan": "Sunter Jya"}, (), "Kelurahan", 6, "maksud Anda Sunter Jaya?"),
        ({}, ("Title",), "Title", 1, "wajib diisi"),
        ({"Date": "20/11/2026"}, (), "Date", 2, "tidak bisa dibaca"),
        ({"Summary": "x" * 201}, (), "Summary", 3, "201 karakter"),
        ({"Category": "Olahraga"}, (), "Category", 4, "tidak dikenal"),
        ({"Image": "tidak-ada.jpg"}, (), "Image", 10, "tidak ada di folder"),
        ({}, ("ImageAlt",), "ImageAlt", 1, "teks alternatif"),
        ({"Video": "https://vimeo.com/123"}, (), "Video", 14, "bukan tautan YouTube"),
        ({"Status": "terbitkan"}, (), "Status", 14, "tidak dikenal"),
        ({"Syndicate": "facebook, tiktok"}, (), "Syndicate", 14, "tiktok"),
        ({"ImageFocus": "2,0.5"}, (), "ImageFocus", 14, "tidak sah"),
        ({"Modified": "2026-11-19 08:00"}, (), "Modified", 14, "lebih awal"),
    ],
)
def test_each_defect_is_named_with_field_line_and_fix(fields, drop, field, line, needle):
    _values, problems = check(drop=drop, **fields)
    matching = [p for p in problems if p.field == field and p.severity == "error"]
    assert matching, problems
    assert matching[0].line == line
    assert needle in str(matching[0])
    assert " — " in str(matching[0])  # every message carries a fix


def test_unknown_field_and_unknown_unit_are_warnings_with_suggestions():
    _values, problems = check(Kecamtan="Koja", Unit="Sudin Kesehatn")
    assert errors(problems) == []
    text = "\n".join(str(p) for p in problems)
    assert "maksud Anda Kecamatan?" in text
    assert "maksud Anda Suku Dinas Kesehatan Jakarta Utara?" in text


def test_credit_repeated_in_the_caption_is_a_warning():
    caption = "Warga bekerja bakti, Jumat (20/11/2026). (Kominfotik JU/Agus Setiawan)"
    _values, problems = check(ImageCaption=caption, ImageCredit="Kominfotik JU/Agus Setiawan")
    assert errors(problems) == []
    (repeated,) = [p for p in problems if p.field == "ImageCaption"]
    assert repeated.severity == "warning"
    assert "tampil dua kali" in str(repeated)
    _values, problems = check(
        ImageCaption="Warga bekerja bakti, Jumat (20/11/2026).",
        ImageCredit="Kominfotik JU/Agus Setiawan",
    )
    assert [p for p in problems if p.field == "ImageCaption"] == []


def test_draft_and_indonesian_status_words():
    values, _ = check(Status="draf")
    assert values.status == "draft"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.youtube.com/watch?v=AbCdEfGh123", "AbCdEfGh123"),
        ("https://youtu.be/AbCdEfGh123", "AbCdEfGh123"),
        ("youtube.com/shorts/AbCdEfGh123", "AbCdEfGh123"),
        ("https://www.youtube.com/live/AbCdEfGh123?si=x", "AbCdEfGh123"),
        ("AbCdEfGh123", "AbCdEfGh123"),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://example.com/watch?v=AbCdEfGh123", None),
    ],
)
def test_youtube_ids(value, expected):
    assert youtube_id(value) == expected


def test_local_video_file_must_exist():
    values, problems = check(Video="video.mp4")
    assert values.video_file == "video.mp4"
    assert errors(problems) == []
    _values, problems = check(Video="lain.mp4")
    assert ("Video", 14) in errors(problems)


def test_video_file_header_written_back_after_upload_is_accepted():
    values, problems = check(Video="https://youtu.be/AbCdEfGh123", **{"Video-File": "video.mp4"})
    assert problems == []
    assert values.youtube_id == "AbCdEfGh123" and values.video_file == ""
    _values, problems = check(**{"Video-Fil": "video.mp4"})
    assert [p.field for p in problems] == ["Video-Fil"]  # a typo is still reported
    assert "Video-File" in problems[0].fix


def test_wilayah_lookups_ignore_case_and_spacing_and_keep_every_match():
    from newsroom.wilayah import Area, District, Wilayah  # noqa: PLC0415

    def area(name: str) -> Area:
        return Area(name, "31.72", -6.1, 106.9)

    koja = District("Koja", "31.72.03", -6.1, 106.9, (area("Tugu Utara"), area("Rawa Badak Utara")))
    cilincing = District("Cilincing", "31.72.04", -6.1, 106.9, (area("Tugu  utara"),))
    city = Wilayah("Jakarta Utara", "31.72", (koja, cilincing))
    assert city.kecamatan("  KOJA ") is koja and city.kecamatan("Kojaa") is None
    found = city.kelurahan("tugu UTARA")
    assert [(d.name, k.name) for d, k in found] == [
        ("Koja", "Tugu Utara"),
        ("Cilincing", "Tugu  utara"),
    ]
    found.clear()  # callers get their own list
    assert len(city.kelurahan("Tugu Utara")) == 2 and city.kelurahan("Sunter") == []
