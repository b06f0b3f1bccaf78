"""The header parser and the strict date parser."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from newsroom.header import has_explicit_time, parse_date, split_header

WIB = ZoneInfo("Asia/Jakarta")


def test_split_header_keeps_line_numbers_and_body():
    text = "Title: Judul\n# komentar untuk reporter\nDate: 2026-11-20 09:30\n\nIsi berita.\n"
    header = split_header(text)
    assert header.fields["title"].value == "Judul"
    assert header.fields["title"].line == 1
    assert header.fields["date"].line == 3
    assert header.body.strip() == "Isi berita."
    assert header.body_line == 5


def test_split_header_joins_continuation_lines_and_reports_duplicates():
    text = "Summary: satu\n  dua\nTitle: A\nTitle: B\n\nbody"
    header = split_header(text)
    assert header.fields["summary"].value == "satu dua"
    assert header.fields["title"].value == "A"
    assert [(d.name, d.line) for d in header.duplicates] == [("Title", 4)]


def test_file_without_header_has_no_fields():
    header = split_header("Paragraf pertama tanpa kepala.\n\nParagraf kedua.")
    assert header.fields == {}
    assert header.body.startswith("Paragraf pertama")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-20 09:30", datetime(2026, 11, 20, 9, 30, tzinfo=WIB)),
        ("2026-11-20 09.30", datetime(2026, 11, 20, 9, 30, tzinfo=WIB)),
        ("2026-11-20T09:30:15", datetime(2026, 11, 20, 9, 30, 15, tzinfo=WIB)),
        ("2026-11-20 09:30 WIB", datetime(2026, 11, 20, 9, 30, tzinfo=WIB)),
        ("2026-11-20 02:30Z", datetime(2026, 11, 20, 2, 30, tzinfo=UTC)),
        (
            "2026-11-20 10:30+08:00",
            datetime(2026, 11, 20, 10, 30, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=WIB)),
    ],
)
def test_parse_date_accepts_iso_forms(raw, expected):
    parsed = parse_date(raw, WIB)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "raw", ["28/11/2026", "11/28/2026 09:30", "20 November 2026", "2026-13-01", ""]
)
def test_parse_date_refuses_ambiguous_or_invalid(raw):
    with pytest.raises(ValueError):
        parse_date(raw, WIB)


def test_explicit_time_detection():
    assert has_explicit_time("2026-11-20 09:30")
    assert not has_explicit_time("2026-11-20")
