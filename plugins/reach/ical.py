"""iCalendar (RFC 5545) feeds of public agenda items, written with the ``icalendar`` library.

Times are written in UTC (``...Z``), so no VTIMEZONE is needed and every client agrees; the UID
is the agenda id plus a fixed domain, so an edited item updates the calendar entry instead of
adding a second one (SEQUENCE and LAST-MODIFIED tell clients which version is newer).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta

from icalendar import Calendar, Event, vText

from .agenda import Activity

PRODID = "-//Sudin Kominfotik Jakarta Utara//Agenda Kabar Jakarta Utara//ID"
DEFAULT_DURATION = timedelta(hours=2)


def uid(activity: Activity, domain: str) -> str:
    """Stable identifier of an agenda item: never changes when its content does."""
    return f"agenda-{activity.id}@{domain}"


def calendar(
    activities: Iterable[Activity], *, name: str, domain: str, url_for: dict[str, str]
) -> bytes:
    """A VCALENDAR of ``activities`` (public ones only; internal items are refused here too)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    for activity in activities:
        if not activity.public:
            continue
        event = Event()
        event.add("uid", uid(activity, domain))
        event.add("dtstamp", activity.updated.astimezone(UTC))
        event.add("last-modified", activity.updated.astimezone(UTC))
        event.add("sequence", activity.sequence)
        event.add("dtstart", activity.start.astimezone(UTC))
        event.add("dtend", (activity.end or activity.start + DEFAULT_DURATION).astimezone(UTC))
        event.add("summary", activity.title)
        where = [activity.place]
        if activity.kelurahan is not None:
            where.append(f"Kelurahan {activity.kelurahan.name}")
        where.append(f"Kecamatan {activity.kecamatan.name}, Jakarta Utara")
        event.add("location", ", ".join(where))
        lines = [activity.description]
        if activity.unit:
            lines.append(f"Penyelenggara: {activity.unit}")
        if activity.contact:
            lines.append(f"Narahubung: {activity.contact}")
        event.add("description", "\n".join(lines))
        event.add("categories", [vText(activity.kecamatan.name)])
        if activity.id in url_for:
            event.add("url", url_for[activity.id])
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
