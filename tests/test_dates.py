"""Indonesian dates via Babel, independent of the machine's locale."""

import locale
from datetime import UTC, datetime

from newsroom.dates import WIB, bulan_tahun, iso, tanggal, tanggal_jam


def test_news_style_date_with_wib_and_dot_between_hours_and_minutes():
    assert tanggal_jam(datetime(2026, 11, 28, 14, 30, tzinfo=WIB)) == (
        "Sabtu, 28 November 2026 14.30 WIB"
    )


def test_other_zones_are_shown_in_wib():
    assert tanggal_jam(datetime(2026, 11, 28, 7, 30, tzinfo=UTC)) == (
        "Sabtu, 28 November 2026 14.30 WIB"
    )
    assert iso(datetime(2026, 11, 28, 7, 30, tzinfo=UTC)) == "2026-11-28T14:30:00+07:00"


def test_every_weekday_and_month_is_indonesian():
    days = {tanggal(datetime(2026, 11, d, tzinfo=WIB)).split(",")[0] for d in range(23, 30)}
    assert days == {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"}
    months = [bulan_tahun(datetime(2026, m, 1, tzinfo=WIB)).split()[0] for m in range(1, 13)]
    assert months == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ]  # fmt: skip


def test_system_locale_does_not_matter():
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert tanggal(datetime(2026, 8, 17, tzinfo=WIB)) == "Senin, 17 Agustus 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)
