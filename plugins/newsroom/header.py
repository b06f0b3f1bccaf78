"""Parse the ``Key: value`` metadata header of a Markdown file, keeping line numbers.

Pelican's Markdown reader (Python-Markdown's ``meta`` extension) loses line numbers; staff need
them in error messages, so the header is split here and only the body goes to Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$")
_DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"\s*(?P<tz>WIB|Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class Field:
    """One header field as written: its name, raw value and 1-based line number."""

    name: str
    value: str
    line: int

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Header:
    """The parsed header and where the body starts."""

    fields: dict[str, Field]
    duplicates: list[Field]
    body: str
    body_line: int


def split_header(text: str) -> Header:
    """Split ``text`` into header fields and body.

    The header is every line up to the first blank line, as in Pelican. A line indented with
    spaces continues the previous field's value. A line starting with ``#`` inside the header
    is a comment for staff (``invoke new`` writes them) and is ignored.
    """
    lines = text.split("\n")
    fields: dict[str, Field] = {}
    duplicates: list[Field] = []
    last: Field | None = None
    body_start = len(lines)
    for index, raw in enumerate(lines):
        if not raw.strip():
            body_start = index + 1
            break
        if raw.startswith("#"):
            continue
        match = _KEY_RE.match(raw)
        if match:
            last = Field(match.group(1), match.group(2).strip(), index + 1)
            if last.key in fields:
                duplicates.append(last)
            else:
                fields[last.key] = last
        elif last is not None and raw[:1] in (" ", "\t"):
            joined = f"{fields[last.key].value} {raw.strip()}".strip()
            fields[last.key] = Field(last.name, joined, fields[last.key].line)
        else:
            # Not a header line: the file has no (more) header; the rest is body.
            body_start = index
            break
    body = "\n".join(lines[body_start:])
    return Header(fields=fields, duplicates=duplicates, body=body, body_line=body_start + 1)


def parse_date(value: str, default_tz: tzinfo) -> datetime:
    """Parse a strict ``YYYY-MM-DD HH:MM`` date; no zone means ``default_tz`` (WIB).

    Accepts an optional ``:SS``, a dot between hours and minutes, and a zone written ``WIB``,
    ``Z`` or ``+07:00``. Day-first or month-first forms (``28/11/2026``) are refused because they
    are ambiguous.
    """
    match = _DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"format tanggal tidak dikenal: {value!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k != "tz"}
    zone = match.group("tz")
    if zone is None or zone == "WIB":
        tz = default_tz
    elif zone == "Z":
        tz = UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime(
        parts["y"],
        parts["m"],
        parts["d"],
        parts.get("H", 0),
        parts.get("M", 0),
        parts.get("S", 0),
        tzinfo=tz,
    )


def has_explicit_time(value: str) -> bool:
    """Whether a date value names a time of day (stories need one)."""
    match = _DATE_RE.match(value.strip())
    return bool(match and match.group("H"))
