"""The partner-media list (``content/data/mitra.toml``): who gets press releases and webhooks.

One ``[[mitra]]`` table per outlet::

    [[mitra]]
    kunci = "contoh_media"                 # a-z, 0-9, _ ; names the webhook secret variable
    nama = "Contoh Media"
    email = ["redaksi@contoh-media.id"]    # desk address(es); empty = no press release
    webhook = "https://contoh-media.id/…"  # https endpoint; empty = no webhook
    rubrik = ["Kesehatan"]                 # empty = every rubrik
    kecamatan = []                         # empty = every kecamatan
    lampiran = "foto"                      # "foto" = photos attached, "tautan" = links only
    aktif = true                           # false = paused (e.g. after an unsubscribe request)

The file lives under ``content/data/`` which Pelican never publishes. :func:`load_partners` turns
every mistake into a :class:`~newsroom.problems.Problem` naming the file, line, entry and field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsroom.problems import Problem

KEY = re.compile(r"[a-z][a-z0-9_]{1,39}")
FIELDS = {"kunci", "nama", "email", "webhook", "rubrik", "kecamatan", "lampiran", "aktif"}
ATTACH = {"foto": True, "tautan": False}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_FILE = "content/data/mitra.toml"


@dataclass(frozen=True)
class Partner:
    """One partner outlet."""

    key: str
    name: str
    emails: tuple[str, ...] = ()
    webhook: str = ""
    rubrik: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()
    attach: bool = True
    active: bool = True

    @property
    def secret_env(self) -> str:
        """The environment variable holding this partner's webhook secret."""
        return f"SYNDICATION_WEBHOOK_SECRET_{self.key.upper()}"

    def wants(self, category: str, kecamatan: str) -> bool:
        """True when the story's rubrik and kecamatan are among the partner's (empty = all)."""
        return (
            self.active
            and (not self.rubrik or category in self.rubrik)
            and (not self.kecamatan or kecamatan in self.kecamatan)
        )


class PartnerFileError(ValueError):
    """``mitra.toml`` has mistakes; ``problems`` lists each one (file, line, field, fix)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _entry_lines(text: str) -> list[int]:
    """Line number of each ``[[mitra]]`` header, in order (tomllib gives no positions)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[mitra]]"]


def _field_line(text: str, start: int, name: str) -> int:
    """Line of ``name = …`` inside the entry starting at line ``start`` (else ``start``)."""
    lines = text.splitlines()
    for n in range(start, len(lines)):
        stripped = lines[n].strip()
        if stripped.startswith("["):
            break
        if re.match(rf"{name}\s*=", stripped):
            return n + 1
    return start


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value] if value.strip() else []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return [v.strip() for v in value]


def valid_email(value: str) -> bool:
    try:
        address = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return bool(address.username) and "." in address.domain


def _check_entry(
    raw: dict[str, Any],
    problem: Any,
    rubrik: Sequence[str] | None,
    kecamatan: Sequence[str] | None,
) -> Partner | None:
    errors = 0

    def bad(name: str, message: str, fix: str) -> None:
        nonlocal errors
        errors += 1
        problem(name, message, fix)

    for name in sorted(set(raw) - FIELDS):
        bad(name, f"kolom {name!r} tidak dikenal", f"pakai salah satu: {', '.join(sorted(FIELDS))}")
    key = raw.get("kunci")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        bad(
            "kunci", f"kunci {key!r} tidak sah", "tulis huruf kecil/angka/garis bawah, mis. media_a"
        )
    name = raw.get("nama")
    if not isinstance(name, str) or not name.strip():
        bad("nama", "nama media kosong", 'isi nama media, mis. nama = "Contoh Media"')
    emails = _strings(raw.get("email", []))
    if emails is None:
        bad("email", "harus daftar alamat", 'tulis email = ["redaksi@contoh-media.id"]')
        emails = []
    for address in emails:
        if not valid_email(address):
            bad("email", f"alamat {address!r} tidak sah", "tulis seperti redaksi@contoh-media.id")
    webhook = raw.get("webhook", "")
    parts = urlsplit(webhook) if isinstance(webhook, str) else None
    if webhook and (
        parts is None
        or not parts.hostname
        or (parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK))
    ):
        bad("webhook", f"alamat {webhook!r} tidak sah", "pakai alamat lengkap https://…")
    if not emails and not webhook:
        bad("email", "tidak ada email maupun webhook", "isi email, webhook, atau keduanya")
    lists: dict[str, list[str]] = {}
    for field_name, known in (("rubrik", rubrik), ("kecamatan", kecamatan)):
        values = _strings(raw.get(field_name, []))
        if values is None:
            bad(field_name, "harus daftar teks", f"tulis {field_name} = [] (kosong = semua)")
            values = []
        for value in values:
            if known is not None and value not in known:
                bad(field_name, f"{value!r} tidak dikenal", f"pilih dari: {', '.join(known)}")
        lists[field_name] = values
    attach = raw.get("lampiran", "foto")
    if attach not in ATTACH:
        bad("lampiran", f"nilai {attach!r} tidak dikenal", 'tulis "foto" atau "tautan"')
    active = raw.get("aktif", True)
    if not isinstance(active, bool):
        bad("aktif", f"nilai {active!r} bukan true/false", "tulis aktif = true atau false")
    if errors:
        return None
    return Partner(
        key=str(key),
        name=str(name).strip(),
        emails=tuple(emails),
        webhook=str(webhook),
        rubrik=tuple(lists["rubrik"]),
        kecamatan=tuple(lists["kecamatan"]),
        attach=ATTACH[attach],
        active=bool(active),
    )


def load_partners(
    path: Path,
    *,
    rubrik: Sequence[str] | None = None,
    kecamatan: Sequence[str] | None = None,
    shown: str | None = None,
) -> list[Partner]:
    """Every partner of ``path`` (none when the file does not exist); raises
    :class:`PartnerFileError` listing all mistakes. ``rubrik``/``kecamatan``, when given, are
    the allowed names."""
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise PartnerFileError(
            [Problem(shown, 0, "mitra", f"tidak bisa dibaca ({exc})", "simpan sebagai UTF-8")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise PartnerFileError(
            [Problem(shown, line, "mitra", f"TOML tidak sah ({exc})", "perbaiki tulisan baris itu")]
        ) from None
    entries = data.get("mitra", [])
    if not isinstance(entries, list):
        raise PartnerFileError(
            [Problem(shown, 0, "mitra", "harus tabel [[mitra]]", "tulis setiap media di [[mitra]]")]
        )
    starts = _entry_lines(text)
    problems: list[Problem] = []
    partners: list[Partner] = []
    for index, raw in enumerate(entries):
        start = starts[index] if index < len(starts) else 0
        label = raw.get("kunci") or raw.get("nama") or f"#{index + 1}"

        def problem(
            name: str, message: str, fix: str, _start: int = start, _l: str = label
        ) -> None:
            line = _field_line(text, _start, name) if _start else 0
            problems.append(Problem(shown, line, name, f"mitra {_l}: {message}", fix))

        partner = _check_entry(raw, problem, rubrik, kecamatan)
        if partner is None:
            continue
        if any(p.key == partner.key for p in partners):
            problem("kunci", f"kunci {partner.key!r} dipakai dua kali", "beri kunci lain")
            continue
        partners.append(partner)
    if problems:
        raise PartnerFileError(problems)
    return partners


def partner_problems(settings: dict[str, Any]) -> list[Problem]:
    """``invoke check``: mistakes in the partner file (``mitra.toml`` next to wilayah.toml),
    rubrik and kecamatan checked against the newsroom's lists."""
    from newsroom.config import NewsroomConfig  # noqa: PLC0415 (only the checker needs it)

    config = NewsroomConfig.from_settings(settings)
    path = config.data_path / "mitra.toml"
    try:
        load_partners(
            path,
            rubrik=config.rules.rubrik,
            kecamatan=config.rules.wilayah.kecamatan_names(),
            shown=config.display(path),
        )
    except PartnerFileError as exc:
        return exc.problems
    return []


def select(partners: Iterable[Partner], category: str, kecamatan: str) -> list[Partner]:
    """The partners that want a story of this rubrik and kecamatan."""
    return [p for p in partners if p.wants(category, kecamatan)]
