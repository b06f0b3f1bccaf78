"""Build the Decap CMS ``config.yml`` from the project's settings and data files (pure functions).

The CMS config is generated at every build, never edited by hand: rubrik and syndication
channels come from ``pelicanconf.py``, kecamatan, kelurahan and units from ``content/data``, so a
choice offered in the form is exactly a value ``invoke check`` accepts. The file is written as
JSON, which every YAML parser (Decap's included) reads as YAML.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from newsroom.wilayah import Wilayah

YOUTUBE_PATTERN = (
    r"^(https://(www\.|m\.)?youtube\.com/(watch\?v=|shorts/|live/|embed/)[A-Za-z0-9_-]{11}"
    r"([?&#].*)?|https://youtu\.be/[A-Za-z0-9_-]{11}([?#].*)?|[A-Za-z0-9_-]{11}|[\w-]+\.mp4)$"
)
NO_SYNDICATION = "tidak"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def unit_names(unit_toml: Path, wilayah: Wilayah) -> list[str]:
    """Official unit names, then the kecamatan and kelurahan offices (as the checker accepts)."""
    with open(unit_toml, "rb") as handle:
        data = tomllib.load(handle)
    names = [unit["nama"] for unit in data["unit"]]
    for district in wilayah.districts:
        names.append(f"Kecamatan {district.name}")
        names.extend(f"Kelurahan {kel.name}" for kel in district.kelurahan)
    return names


def _string(name: str, label: str, hint: str = "", required: bool = True, **extra: Any) -> dict:
    field = {"name": name, "label": label, "widget": "string", "required": required}
    if hint:
        field["hint"] = hint
    field.update(extra)
    return field


def _wib(name: str, label: str, hint: str, required: bool = True, **extra: Any) -> dict:
    """A date and time typed and saved as WIB wall-clock text (widget "wib" in newsroom.js)."""
    return {
        "name": name,
        "label": label,
        "widget": "wib",
        "required": required,
        "hint": hint,
        **extra,
    }


def _kecamatan(by_kecamatan: dict[str, list[str]]) -> dict:
    """Native select that tells the kelurahan list to follow it (newsroom.js)."""
    return {
        "name": "kecamatan",
        "label": "Kecamatan",
        "widget": "kecamatan",
        "options": list(by_kecamatan),
    }


def _kelurahan(by_kecamatan: dict[str, list[str]]) -> dict:
    return {
        "name": "kelurahan",
        "label": "Kelurahan",
        "widget": "kelurahan",
        "required": False,
        "wilayah": by_kecamatan,
        "hint": "Boleh dikosongkan. Pilihannya hanya kelurahan di kecamatan yang dipilih.",
    }


def story_fields(
    rubrik: list[str],
    wilayah: Wilayah,
    units: list[str],
    channels: list[str],
    summary_max: int,
) -> list[dict[str, Any]]:
    """The "Berita" form, in the order of the header the README documents."""
    by_kecamatan = {d.name: [k.name for k in d.kelurahan] for d in wilayah.districts}
    return [
        _string("title", "Judul", "Judul berita; juga menjadi nama folder dan alamatnya."),
        _wib(
            "date",
            "Tanggal dan jam terbit (WIB)",
            "Waktu Indonesia Barat, apa pun zona waktu perangkat Anda. Berita bertanggal di masa "
            "depan baru terbit saat waktunya tiba.",
            default_now=True,
        ),
        _wib(
            "modified",
            "Diperbarui (WIB)",
            "Isi hanya bila berita yang sudah terbit diperbaiki.",
            required=False,
        ),
        {
            "name": "summary",
            "label": "Ringkasan",
            "widget": "ringkasan",
            "max": summary_max,
            "hint": f"1–2 kalimat teks biasa, paling banyak {summary_max} karakter.",
        },
        {"name": "category", "label": "Rubrik", "widget": "select", "options": list(rubrik)},
        _kecamatan(by_kecamatan),
        _kelurahan(by_kecamatan),
        _string("tags", "Topik", "Dipisah koma, mis. banjir, Kali Sunter.", required=False),
        _string("author", "Reporter", "Lebih dari satu dipisah koma."),
        _string("photographer", "Fotografer", required=False),
        {
            "name": "unit",
            "label": "Unit kerja",
            "widget": "select",
            "options": units,
            "required": False,
            "hint": "Unit pemilik kegiatan (daftar dari content/data/unit.toml).",
        },
        {
            "name": "photos",
            "label": "Foto",
            "label_singular": "foto",
            "widget": "list",
            "required": False,
            "default": [],
            "summary": "{{fields.alt}}",
            "hint": "Foto pertama menjadi foto utama; foto lain tampil di akhir berita.",
            "fields": [
                {
                    "name": "file",
                    "label": "Berkas foto (JPEG)",
                    "widget": "image",
                    "choose_url": False,
                },
                _string(
                    "alt",
                    "Teks alternatif",
                    "Wajib: jelaskan isi foto untuk pembaca tunanetra.",
                ),
                _string("caption", "Keterangan foto", required=False),
                _string(
                    "credit",
                    "Kredit foto",
                    "Mis. Kominfotik JU/Agus Setiawan.",
                    required=False,
                    default="Kominfotik JU/",
                ),
            ],
        },
        _string(
            "video",
            "Video YouTube",
            "Tautan YouTube (mis. https://youtu.be/AbCdEfGh123) atau nama berkas .mp4 "
            "di folder berita.",
            required=False,
            pattern=[
                YOUTUBE_PATTERN,
                "Bukan tautan YouTube yang dikenal, kode video 11 huruf, atau berkas .mp4.",
            ],
        ),
        {
            "name": "draft",
            "label": "Masih draf",
            "widget": "boolean",
            "default": False,
            "required": False,
            "hint": "Draf tidak diterbitkan walaupun sudah digabung.",
        },
        {
            "name": "syndicate",
            "label": "Sebarkan ke media sosial",
            "widget": "select",
            "multiple": True,
            "required": False,
            "options": [{"label": "Jangan disebarkan", "value": NO_SYNDICATION}]
            + [{"label": c, "value": c} for c in channels],
            "hint": "Kosongkan untuk semua kanal.",
        },
        {"name": "body", "label": "Isi berita", "widget": "markdown"},
    ]


def page_fields() -> list[dict[str, Any]]:
    """Static pages (content/halaman): title, address (Slug), optional summary, body."""
    return [
        _string("title", "Judul"),
        _string(
            "slug",
            "Alamat halaman",
            "Huruf kecil, angka dan tanda minus; halaman tampil di /alamat/. Juga nama berkasnya.",
            pattern=[SLUG_PATTERN, "Pakai huruf kecil a–z, angka 0–9 dan tanda minus saja."],
        ),
        _string("summary", "Ringkasan", "Satu-dua kalimat untuk mesin pencari.", required=False),
        {"name": "body", "label": "Isi halaman", "widget": "markdown"},
    ]


def agenda_fields(
    wilayah: Wilayah, units: list[str], descriptions: dict[str, str]
) -> list[dict[str, Any]]:
    """An agenda item (content/agenda/<kode>.toml) with the checker's required fields."""
    by_kecamatan = {d.name: [k.name for k in d.kelurahan] for d in wilayah.districts}
    return [
        _string("title", "Nama kegiatan", descriptions["title"].capitalize() + "."),
        _wib("start", "Mulai (WIB)", "Tanggal dan jam mulai, Waktu Indonesia Barat."),
        _wib("end", "Selesai (WIB)", "Kosongkan bila belum pasti: dianggap 2 jam.", required=False),
        _string("place", "Tempat", descriptions["place"].capitalize() + "."),
        _kecamatan(by_kecamatan),
        _kelurahan(by_kecamatan),
        {
            "name": "unit",
            "label": "Unit penyelenggara",
            "widget": "select",
            "options": units,
            "required": False,
        },
        {
            "name": "description",
            "label": "Keterangan",
            "widget": "text",
            "hint": descriptions["description"].capitalize() + " (satu paragraf).",
        },
        _string(
            "contact", "Narahubung", descriptions["contact"].capitalize() + ".", required=False
        ),
        {
            "name": "visibility",
            "label": "Tampil di situs",
            "widget": "select",
            "default": "public",
            "options": [
                {"label": "Ya, untuk umum", "value": "public"},
                {"label": "Tidak, hanya internal", "value": "internal"},
            ],
        },
    ]


def collections(story: list[dict[str, Any]], agenda: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Berita, Halaman tetap and Agenda kegiatan."""
    return [
        {
            "name": "berita",
            "label": "Berita",
            "label_singular": "Berita",
            "folder": "content/berita",
            # Year and month of the story's own WIB date, formatted as typed. ({{year}} would be
            # the UTC date, a day early before 07:00 WIB; filters do not work in "path".)
            "path": "{{slug}}/index",
            "slug": "{{fields.date | date('YYYY')}}/{{fields.date | date('MM')}}/{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}} ({{date}})",
            "sortable_fields": ["date", "title"],
            "extension": "md",
            "format": "pelican",
            "create": True,
            "media_folder": "",
            "public_folder": "",
            "fields": story,
        },
        {
            "name": "halaman",
            "label": "Halaman tetap",
            "label_singular": "Halaman",
            "folder": "content/halaman",
            "slug": "{{fields.slug}}",
            "identifier_field": "title",
            "extension": "md",
            "format": "pelican",
            "create": True,
            "fields": page_fields(),
        },
        {
            "name": "agenda",
            "label": "Agenda kegiatan",
            "label_singular": "Agenda",
            "folder": "content/agenda",
            "slug": "{{fields.kode}}",
            "identifier_field": "title",
            "summary": "{{start}} · {{title}}",
            "sortable_fields": ["start", "title"],
            "extension": "toml",
            "format": "agenda-toml",
            "create": True,
            "fields": agenda,
        },
    ]


def build_config(
    *,
    backend: dict[str, Any],
    local_backend_url: str,
    publish_mode: str,
    media_folder: str,
    site_url: str,
    collections: list[dict[str, Any]],
) -> dict[str, Any]:
    """The whole Decap config: backend, Indonesian interface, the collections."""
    return {
        "backend": backend,
        "local_backend": {"url": local_backend_url, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "locale": "id",
        "publish_mode": publish_mode,
        "site_url": site_url or "/",
        "display_url": site_url or "/",
        "media_folder": media_folder,
        "public_folder": "/" + media_folder.removeprefix("content/"),
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def to_yaml(config: dict[str, Any]) -> str:
    """JSON is valid YAML 1.2; a header comment says where the file comes from."""
    return (
        "# Dibuat otomatis oleh plugins/cms saat build. Jangan diubah di sini.\n"
        + json.dumps(config, ensure_ascii=False, indent=2)
        + "\n"
    )
