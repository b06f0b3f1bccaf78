"""A real build with agenda items, a follower CSV and a syndication ledger: pages, iCalendar
feeds (read back by two independent parsers), QR codes (decoded by zxing-cpp), charts."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
import zxingcpp
from PIL import Image

from tests.conftest import ROOT, Build, run_pelican
from tests.support.stories import write_story

WIB = ZoneInfo("Asia/Jakarta")
SVG = "{http://www.w3.org/2000/svg}"
SECRET = "RAHASIA-INTERNAL-7Q2"
NOW = "2026-11-28T10:00:00"


def agenda(
    title: str, start: str, end: str, kecamatan: str, kelurahan: str, **extra: object
) -> str:
    fields = {
        "title": title, "start": start, "end": end, "place": "Balai warga",
        "kecamatan": kecamatan, "kelurahan": kelurahan, "unit": "Sudin Kesehatan",
        "description": f"Kegiatan {title}.", "contact": "Seksi KIP", "visibility": "public",
        "updated": "2026-11-20 10:00", **extra,
    }  # fmt: skip
    return "".join(
        f"{k} = {json.dumps(v) if isinstance(v, str) else v}\n" for k, v in fields.items()
    )


AGENDA = {
    "2026-12-03-posyandu-lagoa": agenda(
        "Posyandu Lagoa", "2026-12-03 08:00", "2026-12-03 11:00", "Koja", "Lagoa"
    ),
    "2026-12-05-senam-gading": agenda(
        "Senam Gading",
        "2026-12-05 06:30",
        "2026-12-05 09:00",
        "Kelapa Gading",
        "Kelapa Gading Barat",
        sequence=2,
    ),
    "2026-11-20-kerja-bakti": agenda(
        "Kerja Bakti Sunter",
        "2026-11-20 07:00",
        "2026-11-20 10:00",
        "Tanjung Priok",
        "Sunter Jaya",
    ),
    "2026-12-02-rapat-internal": agenda(
        f"Rapat {SECRET}",
        "2026-12-02 10:00",
        "2026-12-02 12:00",
        "Koja",
        "Lagoa",
        visibility="internal",
        description=f"Bahasan {SECRET}",
    ),
}
FOLLOWERS = [
    ("2026-11-01", "facebook", 781), ("2026-11-15", "facebook", 800),
    ("2026-11-28", "facebook", 842), ("2026-11-01", "instagram", 3994),
    ("2026-11-28", "instagram", 4100),
]  # fmt: skip


def ledger_entry(story: str, published: str, channels: dict[str, tuple[str, str | None]]):
    return {
        "story": story,
        "url": f"https://kabar.test/{story}/",
        "published": published,
        "channels": {
            name: {"status": status, "attempts": 1, "posted_at": at, "last_error": None}
            for name, (status, at) in channels.items()
        },
    }


@pytest.fixture(scope="module")
def reach_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("reach")
    content = base / "content"
    import shutil  # noqa: PLC0415

    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "halaman").mkdir()
    write_story(content, Agenda="2026-11-20-kerja-bakti")
    write_story(
        content, "posyandu-koja", Date="2026-11-21 10:00", Kecamatan="Koja", Kelurahan="Lagoa",
        Unit="Sudin Kesehatan", Title="Posyandu di Lagoa Ramai",
    )  # fmt: skip
    (content / "halaman" / "ikuti-kami.md").write_text(
        "Title: Ikuti Kami\n\nPengantar khusus halaman ikuti kami.\n", encoding="utf-8"
    )
    (content / "agenda").mkdir()
    for name, text in AGENDA.items():
        (content / "agenda" / f"{name}.toml").write_text(text, encoding="utf-8")
    csv = base / "statistik.csv"
    csv.write_text(
        "tanggal,platform,pengikut,keterangan\n"
        + "".join(f"{d},{p},{n},uji\n" for d, p, n in FOLLOWERS),
        encoding="utf-8",
    )
    ledger = base / "syndication"
    ledger.mkdir()
    entries = [
        ledger_entry("a", "2026-11-20T09:30:00+07:00",
                     {"facebook": ("posted", "2026-11-20T09:40:00+07:00"),
                      "x": ("posted", "2026-11-20T02:50:00+00:00")}),
        ledger_entry("b", "2026-11-21T10:00:00+07:00",
                     {"facebook": ("posted", "2026-11-21T10:30:00+07:00"),
                      "x": ("failed", None)}),
    ]  # fmt: skip
    for i, entry in enumerate(entries):
        (ledger / f"berita__{i}.json").write_text(json.dumps(entry), encoding="utf-8")
    build = run_pelican(
        content,
        base / "output",
        extra=[
            f'REACH_NOW="{NOW}"',
            f'REACH_STATS_CSV="{csv}"',
            f'REACH_LEDGER_PATH="{ledger}"',
            'SITEURL="https://kabar.test"',
            'FEED_ALL_ATOM="feeds/semua.atom.xml"',
        ],
        strict=True,
    )
    assert build.returncode == 0, build.log
    return build


def test_agenda_page_upcoming_by_day_and_past_with_coverage(reach_site: Build):
    html = reach_site.page("/agenda/")
    upcoming, past = html.split("Sudah berlangsung")
    assert upcoming.index("Posyandu Lagoa") < upcoming.index("Senam Gading")
    assert '<time datetime="2026-12-03">Kamis, 3 Desember 2026</time>' in upcoming
    assert "Kerja Bakti Sunter" in past and "Kerja Bakti Sunter" not in upcoming
    assert (
        'Liputan: <a href="https://kabar.test/berita/2026/11/20/kerja-bakti-sunter-jaya/"' in past
    )
    koja = reach_site.page("/agenda/koja/")
    assert "Posyandu Lagoa" in koja and "Senam Gading" not in koja
    assert '<strong aria-current="page">Koja</strong>' in koja
    district = reach_site.page("/wilayah/koja/")
    assert "Agenda di Kecamatan Koja" in district and "Posyandu Lagoa" in district
    home = reach_site.page("/")
    assert (
        "Agenda terdekat" in home and "Kerja Bakti Sunter" not in home.split("Agenda terdekat")[1]
    )


def test_internal_item_absent_from_every_output_file(reach_site: Build):
    files = reach_site.files()
    assert len(files) > 50
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
        assert "rapat-internal" not in str(path)


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_ical_round_trip_with_icalendar_and_vobject(reach_site: Build):
    path = reach_site.output / "agenda" / "agenda-jakarta-utara.ics"
    parsed = events(path)
    assert set(parsed) == {"Posyandu Lagoa", "Senam Gading", "Kerja Bakti Sunter"}
    posyandu = parsed["Posyandu Lagoa"]
    assert posyandu.decoded("dtstart") == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert posyandu.decoded("dtstart").astimezone(WIB).hour == 8
    assert str(posyandu["uid"]) == "agenda-2026-12-03-posyandu-lagoa@kabar.utara.jakarta.go.id"
    assert str(posyandu["url"]) == "https://kabar.test/agenda/2026-12-03-posyandu-lagoa/"
    assert int(parsed["Senam Gading"]["sequence"]) == 2
    # Second, independent parser.
    cal = vobject.readOne(path.read_text(encoding="utf-8"))
    by_uid = {e.uid.value: e for e in cal.vevent_list}
    senam = by_uid["agenda-2026-12-05-senam-gading@kabar.utara.jakarta.go.id"]
    assert senam.dtstart.value == datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    assert senam.dtend.value.astimezone(WIB).strftime("%H:%M") == "09:00"
    assert "Kelapa Gading Barat" in senam.location.value
    koja = vobject.readOne((path.parent / "agenda-koja.ics").read_text(encoding="utf-8"))
    assert [e.summary.value for e in koja.vevent_list] == ["Posyandu Lagoa"]


def test_ical_update_keeps_uid_and_raises_sequence():
    from newsroom.wilayah import load_units, load_wilayah  # noqa: PLC0415
    from reach.agenda import check_activity  # noqa: PLC0415
    from reach.ical import calendar  # noqa: PLC0415

    data = ROOT / "content" / "data"
    kwargs = {
        "wilayah": load_wilayah(data / "wilayah.toml"),
        "units": load_units(data / "unit.toml", data / "wilayah.toml"),
        "tz": WIB,
        "modified": datetime(2026, 11, 28, tzinfo=WIB),
    }
    name = "content/agenda/2026-12-03-posyandu-lagoa.toml"
    text = AGENDA["2026-12-03-posyandu-lagoa"]
    before, _ = check_activity(name, text, **kwargs)
    moved = text.replace("08:00", "09:00").replace(
        'updated = "2026-11-20 10:00"', 'updated = "2026-11-27 10:00"\nsequence = 1'
    )
    after, problems = check_activity(name, moved, **kwargs)
    assert problems == []
    old, new = (
        icalendar.Calendar.from_ical(calendar([a], name="x", domain="d", url_for={}))
        .walk("VEVENT")[0]
        for a in (before, after)
    )  # fmt: skip
    assert old["uid"] == new["uid"]
    assert (int(old["sequence"]), int(new["sequence"])) == (0, 1)
    assert new.decoded("last-modified") > old.decoded("last-modified")
    assert new.decoded("dtstamp") == new.decoded("last-modified")


def svg_to_image(svg: str) -> Image.Image:
    """Rasterise segno's SVG (one path of horizontal unit strokes) without segno itself."""
    root = ET.fromstring(svg)
    size = int(root.get("width"))
    group = root.find(f"{SVG}g")
    scale = float(re.search(r"scale\(([\d.]+)\)", group.get("transform")).group(1))
    dark = next(p for p in group.iter(f"{SVG}path") if p.get("stroke"))
    modules = int(size / scale)
    image = Image.new("L", (modules, modules), 255)
    x = y = 0.0
    for op, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:\s(-?[\d.]+))?", dark.get("d")):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for col in range(int(x), int(x + float(a))):
                image.putpixel((col, int(y)), 0)
            x += float(a)
    return image.resize((modules * 8, modules * 8), Image.NEAREST)


def test_qr_codes_decode_to_account_urls(reach_site: Build):
    import pelicanconf  # noqa: PLC0415

    accounts = {a["id"]: a["url"] for a in pelicanconf.SOCIAL_ACCOUNTS}
    assert "telegram" in accounts
    qr_dir = reach_site.output / "ikuti-kami" / "qr"
    expected = {**accounts, "situs": "https://kabar.test/"}
    assert {p.stem for p in qr_dir.glob("*.svg")} == set(expected)
    for name, url in expected.items():
        [result] = zxingcpp.read_barcodes(svg_to_image((qr_dir / f"{name}.svg").read_text()))
        assert result.format == zxingcpp.BarcodeFormat.QRCode
        assert result.text == url, name


def test_follow_page_keeps_markdown_intro_and_lists_accounts(reach_site: Build):
    import pelicanconf  # noqa: PLC0415

    html = reach_site.page("/ikuti-kami/")
    assert "Pengantar khusus halaman ikuti kami." in html
    for account in pelicanconf.SOCIAL_ACCOUNTS:
        assert f'<a href="{account["url"]}" rel="me">{account["handle"]}</a>' in html
        assert f'src="https://kabar.test/ikuti-kami/qr/{account["id"]}.svg"' in html
    assert 'href="https://kabar.test/feeds/semua.atom.xml"' in html
    assert 'href="https://kabar.test/agenda/agenda-jakarta-utara.ics"' in html


def test_poster_per_kelurahan_is_printable_a4(reach_site: Build):
    from newsroom.wilayah import load_wilayah  # noqa: PLC0415

    wilayah = load_wilayah(ROOT / "content" / "data" / "wilayah.toml")
    posters = sorted((reach_site.output / "ikuti-kami" / "poster").glob("*/*/index.html"))
    assert len(posters) == sum(len(d.kelurahan) for d in wilayah.districts)
    html = reach_site.page("/ikuti-kami/poster/koja/lagoa/")
    assert "<h1>Lagoa</h1>" in html and "Kecamatan Koja" in html
    assert html.count("/ikuti-kami/qr/") >= 5
    css = (reach_site.output / "theme" / "css" / "poster.css").read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)


def chart_svg(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg [^>]*id="{chart_id}-svg".*?</svg>', html, re.S)
    assert match, chart_id
    return ET.fromstring(match.group(0))


def test_dashboard_charts_contain_expected_series(reach_site: Build):
    html = reach_site.page("/kinerja/")
    followers = chart_svg(html, "pengikut")
    series = {
        g.get("data-series"): [(c.get("data-date"), int(c.get("data-value")))
                               for c in g.iter(f"{SVG}circle")]
        for g in followers.iter(f"{SVG}g") if g.get("class") == "series"
    }  # fmt: skip
    expected: dict[str, list] = {}
    for d, p, n in FOLLOWERS:
        expected.setdefault(p, []).append((d, n))
    assert series == expected
    days = {
        r.get("data-date"): int(r.get("data-value"))
        for r in chart_svg(html, "per-hari").iter(f"{SVG}rect")
    }
    assert days["2026-11-20"] == 1 and days["2026-11-21"] == 1 and days["2026-11-22"] == 0
    assert max(days) == "2026-11-28"

    def bars(chart_id: str) -> dict[str, float]:
        return {
            g.get("data-label"): float(g.get("data-value"))
            for g in chart_svg(html, chart_id).iter(f"{SVG}g") if g.get("class") == "bar"
        }  # fmt: skip

    per_kec = bars("per-kecamatan")
    assert per_kec["Koja"] == 1 and per_kec["Tanjung Priok"] == 1 and per_kec["Cilincing"] == 0
    share = bars("sindikasi")
    assert share["Facebook"] == 100 and share["X"] == 50 and share["Instagram"] == 0
    # Median delay: facebook 10 and 30 minutes -> 20; x 20 minutes (UTC offset respected).
    assert "Facebook: 20 menit; X: 20 menit" in html
    units = bars("per-unit")
    assert units == {"Kelurahan Sunter Jaya": 1, "Suku Dinas Kesehatan Jakarta Utara": 1}
    assert html.count("<table>") == 5 and "<caption>Pengikut per platform</caption>" in html


def test_sample_agenda_internal_hidden_and_coverage_linked(site: Build):
    """The sample agenda: internal files never published, stories naming an agenda are linked."""
    import tomllib  # noqa: PLC0415

    folder = ROOT / "content" / "agenda"
    internal = [
        p for p in folder.glob("*.toml") if tomllib.loads(p.read_text())["visibility"] == "internal"
    ]
    assert internal
    published = [p.relative_to(site.output).as_posix() for p in site.files()]
    for path in internal:
        assert not any(path.stem in p for p in published)
        title = tomllib.loads(path.read_text())["title"]
        assert not any(title.encode() in p.read_bytes() for p in site.files())
    linked = [
        (story, re.search(r"^Agenda:\s*(\S+)", story.read_text(), re.M))
        for story in (ROOT / "content" / "berita").rglob("index.md")
    ]
    linked = [(story, m.group(1)) for story, m in linked if m]
    assert linked
    for story, agenda_id in linked:
        page = site.page(f"/agenda/{agenda_id}/")
        assert f'/{story.parent.name}/">' in page and "Liputan kegiatan ini" in page
