"""Pure checks of a story's or page's header: every problem at once, each naming field and fix.

Nothing here reads files: the caller passes the names of the files beside the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import parse_qs, urlsplit

from .header import Field, Header, has_explicit_time, parse_date
from .problems import Problem
from .wilayah import Area, District, Wilayah, canonical_unit, suggest

#: Story header fields staff may write, with a short Indonesian description (used in messages
#: and by the scaffolding of new stories).
STORY_FIELDS: dict[str, str] = {
    "title": "judul berita",
    "date": "tanggal dan jam terbit (WIB)",
    "modified": "tanggal dan jam diperbarui (WIB)",
    "summary": "ringkasan (maks. 200 karakter)",
    "category": "rubrik",
    "kecamatan": "kecamatan lokasi kegiatan",
    "kelurahan": "kelurahan lokasi kegiatan",
    "tags": "topik, dipisah koma",
    "author": "reporter, dipisah koma",
    "photographer": "fotografer",
    "unit": "unit kerja pemilik kegiatan",
    "image": "nama berkas foto utama",
    "imagealt": "teks alternatif foto utama",
    "imagecaption": "keterangan foto utama",
    "imagecredit": "kredit foto utama",
    "imagefocus": "titik fokus foto utama (x,y antara 0 dan 1)",
    "video": "tautan YouTube atau berkas video",
    "video-file": "berkas video asli yang sudah diunggah ke YouTube (diisi otomatis)",
    "status": "draft atau published",
    "syndicate": "kanal media sosial",
    "socialtext": "teks khusus untuk media sosial",
    "agenda": "kode agenda yang diliput",
    "slug": "alamat singkat berita",
}
REQUIRED_STORY_FIELDS = ("title", "date", "summary", "category", "kecamatan", "author")
PAGE_FIELDS = {"title", "slug", "summary", "status", "save_as", "url", "template", "date"}
PAGE_FIELDS |= {"modified", "sortorder"}

STATUS_WORDS = {
    "published": "published",
    "terbit": "published",
    "draft": "draft",
    "draf": "draft",
    "hidden": "hidden",
}
SYNDICATE_ALL = {"semua", "all"}
SYNDICATE_NONE = {"tidak", "none", "tidak ada"}
VIDEO_EXTENSIONS = (".mp4", ".mov", ".m4v", ".webm")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_HOSTS |= {"www.youtube-nocookie.com", "music.youtube.com"}
_YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?$")


@dataclass(frozen=True)
class Rules:
    """What valid content looks like; built once per build from the settings."""

    wilayah: Wilayah
    units: dict[str, str]
    rubrik: tuple[str, ...]
    channels: tuple[str, ...]
    timezone: tzinfo
    summary_max: int = 200


@dataclass
class StoryValues:
    """A story's header, checked and normalised."""

    title: str = ""
    date: datetime | None = None
    modified: datetime | None = None
    summary: str = ""
    category: str = ""
    kecamatan: District | None = None
    kelurahan: Area | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    photographer: str = ""
    unit: str = ""
    image: str = ""
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    image_focus: tuple[float, float] | None = None
    youtube_id: str = ""
    video_file: str = ""
    status: str = "published"
    syndicate: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def youtube_id(value: str) -> str | None:
    """The 11-character video id of a YouTube URL or bare id, or None."""
    value = value.strip()
    if _YOUTUBE_ID.match(value):
        return value
    parts = urlsplit(value if "//" in value else f"https://{value}")
    host = (parts.hostname or "").lower()
    if host == "youtu.be":
        candidate = parts.path.strip("/")
        return candidate if _YOUTUBE_ID.match(candidate) else None
    if host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = parse_qs(parts.query).get("v", [""])[0]
            return candidate if _YOUTUBE_ID.match(candidate) else None
        match = _YOUTUBE_PATH.match(parts.path)
        return match.group(1) if match else None
    return None


def split_list(value: str) -> list[str]:
    """Split a comma (or semicolon) separated list, dropping empty items."""
    sep = ";" if ";" in value else ","
    return [item.strip() for item in value.split(sep) if item.strip()]


class _Checker:
    """Collects problems for one file."""

    def __init__(self, path: str, header: Header) -> None:
        self.path = path
        self.header = header
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        found = self.header.fields.get(key)
        return found.line if found else 1

    def error(self, key: str, message: str, fix: str, *, label: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.line(key), label or _label(key), message, fix))

    def warn(self, key: str, message: str, fix: str) -> None:
        self.problems.append(
            Problem(self.path, self.line(key), _label(key), message, fix, severity="warning")
        )

    def value(self, key: str) -> str:
        found = self.header.fields.get(key)
        return found.value if found else ""


_LABELS = {
    "imagealt": "ImageAlt",
    "imagecaption": "ImageCaption",
    "imagecredit": "ImageCredit",
    "imagefocus": "ImageFocus",
    "socialtext": "SocialText",
    "video-file": "Video-File",
}


def _label(key: str) -> str:
    return _LABELS.get(key, key.capitalize())


def _check_fields(c: _Checker, known: set[str]) -> None:
    for dup in c.header.duplicates:
        c.problems.append(
            Problem(
                c.path,
                dup.line,
                dup.name,
                "kolom ditulis dua kali",
                "hapus salah satu baris",
            )
        )
    for key, fld in c.header.fields.items():
        if key in known:
            continue
        guess = suggest(key, sorted(known))
        fix = f"maksud Anda {_label(guess)}?" if guess else "hapus baris ini atau perbaiki namanya"
        c.problems.append(
            Problem(c.path, fld.line, fld.name, "kolom tidak dikenal", fix, severity="warning")
        )


def _check_required(c: _Checker, required: tuple[str, ...]) -> None:
    for key in required:
        if not c.value(key):
            hint = STORY_FIELDS.get(key, key)
            c.error(
                key, "wajib diisi", f"tambahkan baris `{_label(key)}: …` ({hint}) di kepala berkas"
            )


def _date(c: _Checker, key: str, tz: tzinfo) -> datetime | None:
    raw = c.value(key)
    if not raw:
        return None
    try:
        parsed = parse_date(raw, tz)
    except ValueError:
        c.error(key, f"tanggal {raw!r} tidak bisa dibaca", "tulis seperti 2026-11-28 14:30 (WIB)")
        return None
    if not has_explicit_time(raw):
        c.warn(key, "jam belum ditulis, dianggap 00.00 WIB", "tambahkan jam, mis. 2026-11-28 09:30")
    return parsed


def _check_place(c: _Checker, rules: Rules, values: StoryValues) -> None:
    kec_name = c.value("kecamatan")
    if kec_name:
        values.kecamatan = rules.wilayah.kecamatan(kec_name)
        if values.kecamatan is None:
            names = rules.wilayah.kecamatan_names()
            guess = suggest(kec_name, names)
            fix = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {', '.join(names)}"
            c.error("kecamatan", f"kecamatan {kec_name!r} tidak ada di Jakarta Utara", fix)
    kel_name = c.value("kelurahan")
    if not kel_name:
        return
    matches = rules.wilayah.kelurahan(kel_name)
    if not matches:
        options = [k.name for d in rules.wilayah.districts for k in d.kelurahan]
        if values.kecamatan is not None:
            options = [k.name for k in values.kecamatan.kelurahan]
        guess = suggest(kel_name, options)
        fix = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {', '.join(options)}"
        c.error("kelurahan", f"kelurahan {kel_name!r} tidak dikenal", fix)
        return
    if values.kecamatan is None:
        return
    for district, kel in matches:
        if district == values.kecamatan:
            values.kelurahan = kel
            return
    owner = matches[0][0].name
    c.error(
        "kelurahan",
        f"Kelurahan {matches[0][1].name} ada di Kecamatan {owner}, bukan {values.kecamatan.name}",
        f"ganti Kecamatan menjadi {owner} atau perbaiki Kelurahan",
    )


def _check_category(c: _Checker, rules: Rules, values: StoryValues) -> None:
    raw = c.value("category")
    if not raw:
        return
    by_key = {r.casefold(): r for r in rules.rubrik}
    values.category = by_key.get(" ".join(raw.split()).casefold(), "")
    if not values.category:
        guess = suggest(raw, list(rules.rubrik))
        fix = f"maksud Anda {guess}?" if guess else f"pilih salah satu: {', '.join(rules.rubrik)}"
        c.error("category", f"rubrik {raw!r} tidak dikenal", fix)


def _check_image(c: _Checker, files: frozenset[str], values: StoryValues) -> None:
    values.image = c.value("image")
    values.image_alt = c.value("imagealt")
    values.image_caption = c.value("imagecaption")
    values.image_credit = c.value("imagecredit")
    if not values.image:
        if values.image_alt or values.image_caption:
            c.error(
                "image",
                "ada ImageAlt/ImageCaption tetapi tidak ada foto",
                "isi `Image: nama-foto.jpg`",
            )
        else:
            c.warn(
                "image", "berita tanpa foto utama", "tambahkan `Image: nama-foto.jpg` dan ImageAlt"
            )
        return
    if "/" in values.image or "\\" in values.image:
        c.error(
            "image",
            "foto harus berada di folder berita yang sama",
            "salin foto ke folder ini dan tulis namanya saja",
        )
    elif values.image not in files:
        c.error(
            "image",
            f"berkas {values.image!r} tidak ada di folder berita",
            "periksa nama berkas (huruf besar/kecil berpengaruh) atau salin fotonya",
        )
    if not values.image_alt:
        c.error(
            "imagealt",
            "foto utama belum punya teks alternatif",
            "tambahkan `ImageAlt:` yang menjelaskan isi foto untuk tunanetra",
            label="ImageAlt",
        )
    if not values.image_caption:
        c.warn("imagecaption", "foto utama belum punya keterangan", "tambahkan `ImageCaption:`")
    elif values.image_credit and values.image_credit.casefold() in values.image_caption.casefold():
        c.warn(
            "imagecaption",
            f"kredit {values.image_credit!r} juga tertulis di keterangan, jadi tampil dua kali",
            "hapus kredit dari `ImageCaption:`; situs menambahkannya dari `ImageCredit:`",
        )
    focus = c.value("imagefocus")
    if focus:
        try:
            x, y = (float(v) for v in focus.replace(" ", "").split(","))
            if not (0 <= x <= 1 and 0 <= y <= 1):
                raise ValueError(focus)
            values.image_focus = (x, y)
        except ValueError:
            c.error(
                "imagefocus",
                f"titik fokus {focus!r} tidak sah",
                "tulis dua angka 0–1, mis. `ImageFocus: 0.5,0.3`",
            )


def _check_video(c: _Checker, files: frozenset[str], values: StoryValues) -> None:
    raw = c.value("video")
    if not raw:
        return
    if raw.lower().endswith(VIDEO_EXTENSIONS) and "/" not in raw:
        if raw in files:
            values.video_file = raw
        else:
            c.error(
                "video",
                f"berkas video {raw!r} tidak ada di folder berita",
                "salin videonya ke folder ini atau perbaiki namanya",
            )
        return
    vid = youtube_id(raw)
    if vid is None:
        c.error(
            "video",
            f"{raw!r} bukan tautan YouTube yang sah",
            "salin tautan dari tombol Bagikan YouTube, mis. https://youtu.be/AbCdEfGh123",
        )
    else:
        values.youtube_id = vid


def _check_publication(c: _Checker, rules: Rules, values: StoryValues) -> None:
    status = c.value("status")
    if status:
        normal = STATUS_WORDS.get(status.lower())
        if normal is None:
            c.error(
                "status",
                f"status {status!r} tidak dikenal",
                "tulis `Status: draft` atau hapus barisnya agar terbit",
            )
        else:
            values.status = normal
    raw = c.value("syndicate")
    if not raw or raw.lower() in SYNDICATE_ALL:
        values.syndicate = list(rules.channels)
    elif raw.lower() in SYNDICATE_NONE:
        values.syndicate = []
    else:
        chosen = [s.lower() for s in split_list(raw)]
        unknown = [s for s in chosen if s not in rules.channels]
        if unknown:
            c.error(
                "syndicate",
                f"kanal tidak dikenal: {', '.join(unknown)}",
                f"pilih dari: {', '.join(rules.channels)}, atau `semua`/`tidak`",
            )
        values.syndicate = [s for s in chosen if s in rules.channels]


def check_story(
    path: str, header: Header, files: frozenset[str], rules: Rules
) -> tuple[StoryValues, list[Problem]]:
    """Check a story header; return the normalised values and every problem found."""
    c = _Checker(path, header)
    values = StoryValues()
    _check_fields(c, set(STORY_FIELDS))
    _check_required(c, REQUIRED_STORY_FIELDS)
    values.title = c.value("title")
    values.summary = c.value("summary")
    if len(values.summary) > rules.summary_max:
        c.error(
            "summary",
            f"ringkasan {len(values.summary)} karakter, batasnya {rules.summary_max}",
            "persingkat ringkasan",
        )
    values.date = _date(c, "date", rules.timezone)
    values.modified = _date(c, "modified", rules.timezone)
    if values.date and values.modified and values.modified < values.date:
        c.error(
            "modified",
            "tanggal diperbarui lebih awal dari tanggal terbit",
            "periksa kembali Modified",
        )
    _check_category(c, rules, values)
    _check_place(c, rules, values)
    values.tags = split_list(c.value("tags"))
    values.authors = split_list(c.value("author"))
    values.photographer = c.value("photographer")
    unit = c.value("unit")
    if unit:
        values.unit = canonical_unit(rules.units, unit) or unit
        if canonical_unit(rules.units, unit) is None:
            guess = suggest(unit, list(rules.units))
            fix = (
                f"maksud Anda {rules.units[guess]}?"
                if guess
                else "tambahkan unitnya ke content/data/unit.toml"
            )
            c.warn("unit", f"unit {unit!r} belum terdaftar", fix)
    _check_image(c, files, values)
    _check_video(c, files, values)
    _check_publication(c, rules, values)
    values.extra = {k: c.value(k) for k in ("socialtext", "agenda", "slug") if c.value(k)}
    return values, c.problems


def check_page(path: str, header: Header) -> list[Problem]:
    """Check a page header (Tentang Kami, Kontak, …)."""
    c = _Checker(path, header)
    _check_fields(c, PAGE_FIELDS)
    _check_required(c, ("title",))
    return c.problems


def check_body_images(
    path: str, images: list[tuple[str, str, str, int]], files: frozenset[str]
) -> list[Problem]:
    """Check body photos, each ``(src, alt, caption, line)`` relative to the story folder."""
    problems = []
    for src, alt, caption, line in images:
        if src not in files:
            problems.append(
                Problem(
                    path,
                    line,
                    "Foto",
                    f"berkas {src!r} tidak ada di folder berita",
                    "periksa nama berkas atau salin fotonya ke folder ini",
                )
            )
        if not alt.strip():
            problems.append(
                Problem(
                    path,
                    line,
                    "Foto",
                    f"foto {src!r} belum punya teks alternatif",
                    "tulis penjelasan isi foto di antara kurung siku: "
                    '![penjelasan](foto.jpg "keterangan")',
                )
            )
        if not caption.strip():
            problems.append(
                Problem(
                    path,
                    line,
                    "Foto",
                    f"foto {src!r} belum punya keterangan",
                    'tambahkan keterangan dalam tanda kutip: ![penjelasan](foto.jpg "keterangan")',
                    severity="warning",
                )
            )
    return problems


def header_field(header: Header, key: str) -> Field | None:
    """The field of a header by lower-case key."""
    return header.fields.get(key)


# --- Checks used by the content checker (plugins/workflow) ------------------------------------
# Pure like the rest of this module: callers pass the text and the names of existing files.

#: Text left over from the template of ``invoke new`` (or typical stand-ins) that must not be
#: published, with the fix shown to staff. Matched case-insensitively.
PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"tulis paragraf pembuka di sini", re.I), "ganti dengan paragraf pembuka berita"),
    (re.compile(r"apa yang terlihat di foto", re.I), "tulis apa yang sebenarnya terlihat di foto"),
    (re.compile(r"Keterangan foto\. \(", re.I), "tulis keterangan foto yang sebenarnya"),
    (re.compile(r"Kominfotik JU/Fotografer\b", re.I), "tulis nama fotografer yang sebenarnya"),
    (re.compile(r"\blorem ipsum\b", re.I), "ganti teks contoh dengan isi berita"),
    (re.compile(r"\b(?:TODO|FIXME|TBD)\b"), "lengkapi bagian ini lalu hapus penandanya"),
    (re.compile(r"\bx{3,}\b", re.I), "ganti 'xxx' dengan isi yang sebenarnya"),
    (re.compile(r"\.{4,}|…{2,}"), "lengkapi bagian yang masih titik-titik"),
)
#: Link previews cut titles and descriptions after about this many characters (Facebook shows
#: two lines of title, ~88 characters; descriptions are cut near 160 on Facebook and X).
SOCIAL_TITLE_MAX = 88
SOCIAL_SUMMARY_MAX = 160
#: An X post is 280 characters; the link always counts as 23.
X_POST_MAX = 280
X_LINK_LENGTH = 23
_MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"']", re.I)
_PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}(.*)$")


def check_placeholders(path: str, header: Header) -> list[Problem]:
    """Leftover template or stand-in text in header values and body lines."""
    lines = [(f.line, f.name, f.value) for f in header.fields.values()]
    lines += [
        (header.body_line + offset, "Isi", text)
        for offset, text in enumerate(header.body.split("\n"))
    ]
    problems = []
    for line, name, text in lines:
        for pattern, fix in PLACEHOLDERS:
            found = pattern.search(text)
            if found:
                problems.append(
                    Problem(path, line, name, f"masih ada teks sementara {found.group(0)!r}", fix)
                )
                break
    credit = header.fields.get("imagecredit")
    if credit and credit.value.rstrip().endswith("/"):
        problems.append(
            Problem(
                path,
                credit.line,
                "ImageCredit",
                f"kredit foto {credit.value!r} belum menyebut nama",
                "tulis nama fotografer setelah garis miring, mis. Kominfotik JU/Agus Setiawan",
            )
        )
    return problems


def check_social_lengths(path: str, header: Header) -> list[Problem]:
    """Warnings for a title, summary or social text that social cards would cut off."""
    problems = []
    checks = (
        ("title", "Title", SOCIAL_TITLE_MAX, "judul"),
        ("summary", "Summary", SOCIAL_SUMMARY_MAX, "ringkasan"),
        ("socialtext", "SocialText", X_POST_MAX - X_LINK_LENGTH - 1, "teks media sosial"),
    )
    for key, label, limit, what in checks:
        found = header.fields.get(key)
        if found is None or len(found.value) <= limit:
            continue
        problems.append(
            Problem(
                path,
                found.line,
                label,
                f"{what} {len(found.value)} karakter; di media sosial terpotong setelah {limit}",
                f"persingkat {what} menjadi paling banyak {limit} karakter",
                severity="warning",
            )
        )
    return problems


def body_links(header: Header) -> list[tuple[str, int]]:
    """Every link target written in the body (Markdown, reference or HTML), with its line."""
    found = []
    in_code = False
    for offset, text in enumerate(header.body.split("\n")):
        if text.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        line = header.body_line + offset
        for pattern in (_MD_LINK, _MD_REFERENCE, _HTML_LINK):
            found += [(m.group(1), line) for m in pattern.finditer(text)]
    return found


def check_internal_links(
    path: str,
    links: list[tuple[str, int]],
    *,
    folder: str,
    content_files: frozenset[str],
    site_urls: frozenset[str],
) -> list[Problem]:
    """Broken links to other content of the site.

    ``folder`` is the story folder relative to the content root, ``content_files`` every file
    under the content root (POSIX, relative), ``site_urls`` the URLs of every story and page
    (``berita/2026/11/20/slug/``). Callers pass only the site-absolute links that must name a
    story or page; listing pages are known only after the build (``check-links``).
    """
    problems = []
    for target, line in links:
        clean = target.split("#", 1)[0].split("?", 1)[0]
        pelican = _PELICAN_LINK.match(clean)
        if pelican:
            rel = pelican.group(2)
            resolved = _join(folder, rel)
            if resolved not in content_files:
                problems.append(
                    Problem(
                        path,
                        line,
                        "Tautan",
                        f"{target!r} menunjuk berkas yang tidak ada ({resolved})",
                        "periksa nama folder dan berkasnya, mis. {filename}/berita/2026/11/"
                        "judul-lain/index.md",
                    )
                )
            continue
        if not clean or urlsplit(clean).scheme or clean.startswith("//"):
            continue
        if clean.startswith("/"):
            url = clean.lstrip("/")
            if not url:
                continue
            candidates = {url, url.rstrip("/") + "/", url.removesuffix("index.html")}
            if not candidates & site_urls and url not in content_files:
                problems.append(
                    Problem(
                        path,
                        line,
                        "Tautan",
                        f"alamat {target!r} tidak ada di situs",
                        "salin alamat dari halaman berita yang dituju, "
                        "mis. /berita/2026/11/20/judul-berita/",
                    )
                )
            continue
        if _join(folder, clean) not in content_files:
            problems.append(
                Problem(
                    path,
                    line,
                    "Tautan",
                    f"berkas {target!r} tidak ada di folder berita",
                    "tulis alamat situs (/berita/…/) atau {filename}/berita/…/index.md "
                    "untuk berita lain",
                )
            )
    return problems


def _join(folder: str, rel: str) -> str:
    """``rel`` resolved against ``folder`` (or the content root when it starts with /)."""
    parts: list[str] = [] if rel.startswith("/") else [p for p in folder.split("/") if p]
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)
