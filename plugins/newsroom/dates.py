"""Indonesian dates for templates, with Babel (never the system locale).

News sites write ``Sabtu, 28 November 2026 14.30 WIB``: PUEBI puts a dot between hours and
minutes. Every date is shown in WIB, whatever zone it was written in. A story's date is shown
on many listing pages, so each formatted date is remembered (Babel is slow per call).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

WIB = ZoneInfo("Asia/Jakarta")
LOCALE = "id"


def _wib(value: datetime) -> datetime:
    return value.replace(tzinfo=WIB) if value.tzinfo is None else value.astimezone(WIB)


@lru_cache(maxsize=1 << 16)
def tanggal(value: datetime) -> str:
    """``Sabtu, 28 November 2026``."""
    return format_datetime(_wib(value), "EEEE, d MMMM y", tzinfo=WIB, locale=LOCALE)


@lru_cache(maxsize=1 << 16)
def tanggal_pendek(value: datetime) -> str:
    """``28 Nov 2026``, for dense lists."""
    return format_datetime(_wib(value), "d MMM y", tzinfo=WIB, locale=LOCALE)


@lru_cache(maxsize=1 << 16)
def tanggal_jam(value: datetime) -> str:
    """``Sabtu, 28 November 2026 14.30 WIB``."""
    return format_datetime(_wib(value), "EEEE, d MMMM y HH.mm", tzinfo=WIB, locale=LOCALE) + " WIB"


@lru_cache(maxsize=1 << 16)
def bulan_tahun(value: datetime) -> str:
    """``November 2026``, for archive headings."""
    return format_datetime(_wib(value), "MMMM y", tzinfo=WIB, locale=LOCALE)


def iso(value: datetime) -> str:
    """``2026-11-28T14:30:00+07:00`` for ``<time datetime>`` and structured data."""
    return _wib(value).isoformat(timespec="seconds")


FILTERS = {
    "tanggal": tanggal,
    "tanggal_pendek": tanggal_pendek,
    "tanggal_jam": tanggal_jam,
    "bulan_tahun": bulan_tahun,
    "iso": iso,
}
