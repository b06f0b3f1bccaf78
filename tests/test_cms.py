"""The CMS at /admin/: generated config, Pelican header format, end to end in Chromium."""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import socket
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from cms.config import YOUTUBE_PATTERN
from cms.node import start_proxy
from newsroom.header import split_header
from PIL import Image

from tests.conftest import ROOT, run_pelican

CHROMIUM = Path("/usr/bin/chromium")
NON_WIB_ZONE = "America/New_York"
WIB = ZoneInfo("Asia/Jakarta")
NEWSROOM_JS = ROOT / "plugins" / "cms" / "admin" / "newsroom.js"

# Runs newsroom.js in node with a stub CMS and applies fromFile/toFile to JSON on stdin.
NODE_HARNESS = """
const fs = require("fs");
global.window = {CMS: {registerCustomFormat() {}, registerWidget() {}, registerPreviewStyle() {},
  registerPreviewTemplate() {}}, createClass: (spec) => spec, h: () => null};
global.document = {querySelector: () => null};
eval(fs.readFileSync(process.argv[1], "utf8"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const cms = window.NewsroomCms;
if (input.texts) {
  process.stdout.write(JSON.stringify(input.texts.map((t) => cms.toFile(cms.fromFile(t)))));
} else {
  const text = cms.toFile(input);
  process.stdout.write(JSON.stringify({text, back: cms.fromFile(text)}));
}
"""


def _node_format(data: dict) -> dict | list:
    if not shutil.which("node"):
        pytest.skip("node tidak terpasang")
    proc = subprocess.run(
        ["node", "-e", NODE_HARNESS, str(NEWSROOM_JS)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(proc.stdout)


def _careful_reporter(tmp_path: Path, answers: dict[str, str], fills: dict[str, str]) -> str:
    """`invoke new`'s story (workflow.scaffold, two photos), then what a careful reporter does:
    fill the empty fields, delete the notes, empty lines and Status, write the paragraphs and
    describe the second photo."""
    from newsroom.config import NewsroomConfig  # noqa: PLC0415
    from workflow import scaffold  # noqa: PLC0415
    from workflow.settings import load  # noqa: PLC0415

    rules = NewsroomConfig.from_settings(load()).rules
    photos = [
        _jpeg(tmp_path / "alat-berat.jpg", (1, 2, 3)),
        _jpeg(tmp_path / "warga.jpg", (3, 2, 1)),
    ]
    now = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    index = scaffold.create_story(tmp_path / "content", answers, rules, now=now, photos=photos)
    header, _, body = index.read_text(encoding="utf-8").partition("\n\n")
    lines = []
    for line in header.split("\n"):
        key, _, value = line.partition(":")
        value = value.strip() or fills.get(key, "")
        if not line.startswith("#") and value and line != "Status: draft":
            lines.append(f"{key}: {value}")
    body = body.replace(
        "Tulis paragraf pembuka di sini: siapa, apa, di mana, kapan.", fills["body"]
    )
    body = body.replace("apa yang terlihat di foto", fills["alt2"])
    body = body.replace("Keterangan foto. (Kominfotik JU/Fotografer)", fills["caption2"])
    return "\n".join(lines) + "\n\n" + body


def test_story_saved_from_cms_is_what_a_careful_reporter_writes(tmp_path: Path) -> None:
    answers = {
        "title": "Normalisasi Kali Sunter di Sunter Jaya Rampung 80 Persen",
        "rubrik": "Lingkungan",
        "kecamatan": "Tanjung Priok",
        "kelurahan": "Sunter Jaya",
        "reporter": "Rina Marlina, Dedi Kurniawan",
        "unit": "Suku Dinas Sumber Daya Air Jakarta Utara",
    }
    fills = {
        "Summary": "Pengerukan Kali Sunter sepanjang 1,2 kilometer ditargetkan selesai.",
        "Tags": "Kali Sunter, banjir",
        "Photographer": "Agus Setiawan",
        "ImageAlt": "Ekskavator mengeruk lumpur di tepi Kali Sunter",
        "ImageCaption": "Petugas mengeruk lumpur Kali Sunter, Kamis (20/11/2026).",
        "ImageCredit": "Kominfotik JU/Agus Setiawan",
        "body": "Paragraf pertama.\n\nParagraf kedua.",
        "alt2": "Warga menonton pengerukan",
        "caption2": "Warga menyaksikan pengerukan. (Kominfotik JU/Agus Setiawan)",
    }
    expected = _careful_reporter(tmp_path, answers, fills)
    data = {
        "title": answers["title"],
        "date": "2026-11-20 09:30",
        "modified": "",
        "summary": fills["Summary"],
        "category": answers["rubrik"],
        "kecamatan": answers["kecamatan"],
        "kelurahan": answers["kelurahan"],
        "tags": fills["Tags"],
        "author": answers["reporter"],
        "photographer": fills["Photographer"],
        "unit": answers["unit"],
        "photos": [
            {
                "file": "alat-berat.jpg",
                "alt": fills["ImageAlt"],
                "caption": fills["ImageCaption"],
                "credit": fills["ImageCredit"],
            },
            {
                "file": "warga.jpg",
                "alt": fills["alt2"],
                "caption": "Warga menyaksikan pengerukan.",
                "credit": "Kominfotik JU/Agus Setiawan",
            },
        ],
        "video": "",
        "draft": False,
        "syndicate": [],
        "body": fills["body"],
    }
    result = _node_format(data)
    assert result["text"] == expected
    back = result["back"]
    assert back["photos"] == data["photos"]
    assert back["body"] == data["body"]
    assert {k: back.get(k, "") for k in ("title", "date", "kelurahan", "unit")} == {
        k: data[k] for k in ("title", "date", "kelurahan", "unit")
    }
    header = split_header(result["text"])
    assert header.fields["imagealt"].value == fills["ImageAlt"]


def test_every_content_file_survives_a_cms_save_unchanged() -> None:
    files = sorted((ROOT / "content" / "halaman").glob("*.md"))
    files += sorted((ROOT / "content" / "berita").rglob("index.md"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    saved = _node_format({"texts": texts})
    changed = [
        str(f.relative_to(ROOT)) for f, a, b in zip(files, texts, saved, strict=True) if a != b
    ]
    assert changed == []


def test_format_keeps_unknown_fields_draft_and_channels() -> None:
    data = {
        "title": "Judul",
        "date": "2026-11-20 09:30",
        "summary": "Ringkas.",
        "draft": True,
        "syndicate": ["facebook", "x"],
        "_extra": [["ImageFocus", "0.5,0.3"]],
        "body": "Isi.",
    }
    result = _node_format(data)
    assert result["text"] == (
        "Title: Judul\nDate: 2026-11-20 09:30\nSummary: Ringkas.\nStatus: draft\n"
        "Syndicate: facebook, x\nImageFocus: 0.5,0.3\n\nIsi.\n"
    )
    assert result["back"]["draft"] is True
    assert result["back"]["syndicate"] == ["facebook", "x"]
    assert result["back"]["_extra"] == [["ImageFocus", "0.5,0.3"]]


AGENDA_HARNESS = """
const fs = require("fs");
global.window = {CMS: {registerCustomFormat() {}, registerWidget() {}, registerPreviewStyle() {},
  registerPreviewTemplate() {}, registerEventListener() {}}, createClass: (spec) => spec,
  h: () => null, CustomEvent: function () {}};
global.document = {querySelector: () => null};
const input = JSON.parse(fs.readFileSync(0, "utf8"));
window.NewsroomAgendaTemplate = input.template;
for (const path of process.argv.slice(1)) eval(fs.readFileSync(path, "utf8"));
const agenda = window.NewsroomAgenda;
process.stdout.write(JSON.stringify(input.calls.map((call) => {
  try {
    const data = call.text === null ? {} : agenda.fromFile(call.text);
    Object.assign(data, call.changes);
    const code = agenda.agendaCode(data.title, data.start);
    return {text: agenda.toFile(data, new Date(call.now)), code};
  } catch (error) {
    return {error: error.message};
  }
})));
"""
AGENDA_JS = ROOT / "plugins" / "cms" / "admin" / "agenda.js"


def _node_agenda(calls: list[dict]) -> list[dict]:
    if not shutil.which("node"):
        pytest.skip("node tidak terpasang")
    from cms.build import agenda_template  # noqa: PLC0415
    from newsroom.wilayah import load_wilayah  # noqa: PLC0415

    template = agenda_template(load_wilayah(ROOT / "content" / "data" / "wilayah.toml"))
    proc = subprocess.run(
        ["node", "-e", AGENDA_HARNESS, str(NEWSROOM_JS), str(AGENDA_JS)],
        input=json.dumps({"template": template, "calls": calls}),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(proc.stdout)


def _changed_lines(before: str, after: str) -> dict[str, tuple[str, str]]:
    """key -> (old line, new line) for the `key = value` lines that differ."""

    def keyed(text: str) -> dict[str, str]:
        return {
            line.split("=")[0].strip(): line
            for line in text.splitlines()
            if "=" in line and not line.startswith("#")
        }

    old, new = keyed(before), keyed(after)
    return {k: (old.get(k, ""), new.get(k, "")) for k in old | new if old.get(k) != new.get(k)}


def test_agenda_new_and_agenda_edit_in_the_cms_format(tmp_path: Path) -> None:
    from newsroom.wilayah import load_wilayah  # noqa: PLC0415
    from reach.scaffold import agenda_file  # noqa: PLC0415

    existing = sorted((ROOT / "content" / "agenda").glob("*.toml"))[0]
    text = existing.read_text(encoding="utf-8")
    now = "2026-11-20T02:05:00Z"  # 09:05 WIB
    new_item = {
        "title": "Senam Sehat Lansia — Kelapa Gading",
        "start": "2026-12-05 06:30",
        "place": 'Taman "Lansia" RW 02',
        "kecamatan": "Kelapa Gading",
        "description": "Senam bersama.",
    }
    created, untouched, moved, broken = _node_agenda(
        [
            {"text": None, "changes": new_item, "now": now},
            {"text": text, "changes": {}, "now": now},
            {"text": text, "changes": {"place": "Aula Kantor Lurah"}, "now": now},
            {"text": text + 'tags = ["a"]\n', "changes": {}, "now": now},
        ]
    )
    wib = ZoneInfo("Asia/Jakarta")
    expected = agenda_file(
        tmp_path,
        title=new_item["title"],
        start=datetime(2026, 12, 5, 6, 30, tzinfo=wib),
        end=datetime(2026, 12, 5, 8, 30, tzinfo=wib),
        now=datetime(2026, 11, 20, 9, 5, tzinfo=wib),
        place=new_item["place"],
        kecamatan="Kelapa Gading",
        kecamatan_choices=load_wilayah(
            ROOT / "content" / "data" / "wilayah.toml"
        ).kecamatan_names(),
    )
    assert created["text"] == expected.read_text(encoding="utf-8").replace(
        'description = ""', 'description = "Senam bersama."'
    )
    assert f"{created['code']}.toml" == expected.name
    # An edit rewrites only what changed; comments and other lines stay byte for byte.
    assert set(_changed_lines(text, untouched["text"])) == {"updated"}
    assert 'updated = "2026-11-20 09:05"' in untouched["text"]
    changes = _changed_lines(text, moved["text"])
    assert set(changes) == {"updated", "place", "sequence"}
    old_sequence = tomllib.loads(text).get("sequence", 0)
    assert tomllib.loads(moved["text"])["sequence"] == old_sequence + 1
    assert tomllib.loads(moved["text"])["place"] == "Aula Kantor Lurah"
    assert "Baris" in broken["error"] and "tags" in broken["error"]


def test_indonesian_locale_has_every_decap_phrase(cms_bundle) -> None:
    if cms_bundle is None or not shutil.which("node"):
        pytest.skip("node/npm tidak terpasang")
    english = cms_bundle / "decap-cms-locales" / "dist" / "esm" / "en" / "index.js"
    script = """
const fs = require("fs");
const en = eval("(" + fs.readFileSync(process.argv[1], "utf8")
  .replace(/^const en = /, "").replace(/;\\s*export default en;\\s*$/, "") + ")");
global.window = {};
eval(fs.readFileSync(process.argv[2], "utf8"));
const keys = (o, p) => Object.keys(o).flatMap((k) =>
  typeof o[k] === "object" ? keys(o[k], p + k + ".") : [p + k]);
const id = window.NewsroomLocaleId;
const lookup = (o, path) => path.split(".").reduce((v, k) => (v || {})[k], o);
process.stdout.write(JSON.stringify({
  missing: keys(en, "").filter((k) => typeof lookup(id, k) !== "string"),
  extra: keys(id, "").filter((k) => typeof lookup(en, k) !== "string"),
  same: keys(en, "").filter((k) => lookup(id, k) === lookup(en, k)),
}));
"""
    proc = subprocess.run(
        [
            "node",
            "-e",
            script,
            str(english),
            str(ROOT / "plugins" / "cms" / "admin" / "locale-id.js"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["missing"] == []
    assert result["extra"] == []
    # Left as in English only where the word is the same in Indonesian.
    assert set(result["same"]) <= {
        "app.header.media",
        "editor.editorWidgets.markdown.markdown",
        "ui.toast.onFailToAuth",
        "workflow.workflowCard.lastChangeNoAuthor",
        "editor.editorToolbar.status",
    }, result["same"]


def test_github_backend_from_environment() -> None:
    from cms.settings import github_backend  # noqa: PLC0415

    base = {"name": "github", "branch": "main"}
    assert github_backend(base, {}) == base
    env = {
        "GITHUB_REPOSITORY": "kominfotik-ju/dari-actions",
        "CMS_OAUTH_BASE_URL": "https://oauth.kominfotik.test",
        "CMS_GITHUB_BRANCH": " ",
    }
    assert github_backend(base, env) == {
        **base,
        "repo": "kominfotik-ju/dari-actions",
        "base_url": "https://oauth.kominfotik.test",
    }
    env["CMS_GITHUB_REPO"] = "kominfotik-ju/kabar"
    assert github_backend(base, env)["repo"] == "kominfotik-ju/kabar"


def _admin_config(output: Path) -> dict:
    text = (output / "admin" / "config.yml").read_text(encoding="utf-8")
    return json.loads(text.partition("\n")[2])


def _field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_admin_config_follows_the_data_files(
    cms_bundle, mini_content: Path, tmp_path: Path
) -> None:
    if cms_bundle is None:
        pytest.skip("node/npm tidak terpasang: /admin/ tidak dibangun")
    build = run_pelican(mini_content, tmp_path / "out", strict=True)
    assert build.returncode == 0, build.log
    fields = _admin_config(build.output)["collections"][0]["fields"]
    settings: dict = {}
    exec(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8"),
        {"__file__": str(ROOT / "x")},
        settings,
    )
    assert _field(fields, "category")["options"] == settings["NEWSROOM_RUBRIK"]
    channels = [o["value"] for o in _field(fields, "syndicate")["options"]]
    assert channels == ["tidak", *settings["NEWSROOM_CHANNELS"]]
    with open(mini_content / "data" / "wilayah.toml", "rb") as handle:
        wilayah = tomllib.load(handle)
    expected = {k["nama"]: [kel["nama"] for kel in k["kelurahan"]] for k in wilayah["kecamatan"]}
    assert _field(fields, "kecamatan")["options"] == list(expected)
    assert _field(fields, "kelurahan")["wilayah"] == expected
    with open(mini_content / "data" / "unit.toml", "rb") as handle:
        units = [u["nama"] for u in tomllib.load(handle)["unit"]]
    assert set(units) <= set(_field(fields, "unit")["options"])
    admin = (build.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in admin
    assert "data-pagefind-body" not in admin
    assert "http" not in admin.replace('"/theme', "")  # nothing loaded from elsewhere
    assert (build.output / "admin" / "decap-cms.js").is_file()
    assert "Disallow: /admin/" in (build.output / "robots.txt").read_text(encoding="utf-8")


def test_build_without_bundle_skips_admin_with_warning(mini_content: Path, tmp_path: Path) -> None:
    build = run_pelican(
        mini_content,
        tmp_path / "out",
        extra=["-e", f'CMS_NODE_MODULES="{tmp_path / "none"}"'],
        env={"CMS_ENABLED": "1"},
    )
    assert build.returncode == 0, build.log
    assert not (build.output / "admin").exists()
    assert "invoke cms" in build.log


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://youtu.be/AbCdEfGh123", True),
        ("https://www.youtube.com/watch?v=AbCdEfGh123&t=5", True),
        ("AbCdEfGh123", True),
        ("pidato.mp4", True),
        ("https://vimeo.com/123", False),
        ("https://youtu.be/pendek", False),
    ],
)
def test_youtube_pattern(value: str, ok: bool) -> None:
    import re  # noqa: PLC0415

    assert bool(re.match(YOUTUBE_PATTERN, value)) is ok


# --- End to end in Chromium -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def cms_session(cms_bundle, mini_content: Path, tmp_path: Path) -> Iterator[dict]:
    """A git working copy, decap-server on loopback against it, and the built admin served."""
    if cms_bundle is None:
        pytest.skip("node/npm tidak terpasang")
    if not CHROMIUM.exists():
        pytest.skip("Chromium (/usr/bin/chromium) tidak terpasang: apt-get install chromium")
    repo = tmp_path / "repo"
    shutil.copytree(mini_content, repo / "content")
    for keep in ("berita", "halaman", "agenda"):
        (repo / "content" / keep).mkdir(exist_ok=True)
        (repo / "content" / keep / ".gitkeep").touch()
    git = ["git", "-C", str(repo), "-c", "user.name=Uji", "-c", "user.email=uji@127.0.0.1"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "awal"], check=True)
    proxy_port, site_port = _free_port(), _free_port()
    build = run_pelican(
        repo / "content", tmp_path / "site", env={"CMS_LOCAL_BACKEND_PORT": str(proxy_port)}
    )
    assert build.returncode == 0, build.log
    handler = functools.partial(_QuietHandler, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    proxy = start_proxy(ROOT / "cms", repo, proxy_port)
    try:
        for _ in range(100):  # wait for the proxy, at most 10 s
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", proxy_port)) == 0:
                    break
            threading.Event().wait(0.1)
        yield {"repo": repo, "url": f"http://127.0.0.1:{site_port}/admin/", "git": git}
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        server.shutdown()
        server.server_close()


@pytest.fixture
def admin_page(cms_session: dict) -> Iterator:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM))
        # A device outside WIB: what is saved must still be WIB wall-clock time.
        context = browser.new_context(timezone_id=NON_WIB_ZONE, locale="id-ID")
        context.set_default_timeout(15_000)

        def guard(route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda message: print("console:", message.type, message.text))
        page.on("pageerror", lambda error: print("pageerror:", error))
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(cms_session["url"])
        page.get_by_role("button", name="Masuk").click()
        page.goto(cms_session["url"] + "#/collections/berita/new")
        page.wait_for_selector("[id^=title-field]")
        yield page, cms_session, outside
        browser.close()


def _pick(page, prefix: str, text: str) -> None:
    page.click(f"[id^={prefix}-field]")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _fill_story(
    page, title: str, kecamatan: str, kelurahan: str, date: str = "2026-11-20T09:30"
) -> None:
    page.fill("[id^=title-field]", title)
    page.fill("[id^=date-field]", date)
    page.fill(
        "[id^=summary-field]", "Ratusan warga RW 05 membersihkan saluran air menjelang musim hujan."
    )
    _pick(page, "category", "Lingkungan")
    page.select_option("[id^=kecamatan-field]", kecamatan)
    page.select_option("[id^=kelurahan-field]", kelurahan)
    page.fill("[id^=author-field]", "Rina Marlina")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("Warga RW 05 bergotong royong membersihkan saluran.")
    page.keyboard.press("Enter")
    page.keyboard.type("Kegiatan ini rutin setiap bulan.")


def _add_photo(page, path: Path, alt: str, caption: str, credit: str) -> None:
    index = page.locator("[id^=alt-field]").count()
    page.get_by_role("button", name="Tambah foto").click()
    page.get_by_role("button", name="Pilih foto").last.click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_text(path.name, exact=True).wait_for()
    page.get_by_role("button", name="Pakai yang dipilih").click()
    page.locator("[id^=alt-field]").nth(index).fill(alt)
    page.locator("[id^=caption-field]").nth(index).fill(caption)
    page.locator("[id^=credit-field]").nth(index).fill(credit)


def _jpeg(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (1600, 1067), color).save(path, "JPEG", quality=80)
    return path


@pytest.mark.browser
def test_new_story_with_two_photos_lands_in_git_and_builds(admin_page, tmp_path: Path) -> None:
    page, session, outside = admin_page
    repo: Path = session["repo"]
    _fill_story(
        page,
        "Kerja Bakti Bersihkan Saluran di Sunter Jaya",
        "Tanjung Priok",
        "Sunter Jaya",
        date="2026-10-31T21:00",
    )
    first = _jpeg(tmp_path / "kerja-bakti.jpg", (70, 110, 150))
    second = _jpeg(tmp_path / "petugas.jpg", (150, 110, 70))
    _add_photo(
        page,
        first,
        "Warga mengangkat lumpur dari saluran",
        "Warga membersihkan saluran.",
        "Kominfotik JU/Agus Setiawan",
    )
    _add_photo(page, second, "Petugas memeriksa saluran", "", "Kominfotik JU/Agus Setiawan")
    slug = "kerja-bakti-bersihkan-saluran-di-sunter-jaya"
    # 21:00 on 31 October is already 1 November in UTC: the folder must follow the WIB date.
    index = _save_review_publish(
        page, session, repo / "content" / "berita" / "2026" / "10" / slug / "index.md"
    )
    folder = index.parent
    assert index.read_text(encoding="utf-8") == (
        "Title: Kerja Bakti Bersihkan Saluran di Sunter Jaya\n"
        "Date: 2026-10-31 21:00\n"
        "Summary: Ratusan warga RW 05 membersihkan saluran air menjelang musim hujan.\n"
        "Category: Lingkungan\n"
        "Kecamatan: Tanjung Priok\n"
        "Kelurahan: Sunter Jaya\n"
        "Author: Rina Marlina\n"
        "Image: kerja-bakti.jpg\n"
        "ImageAlt: Warga mengangkat lumpur dari saluran\n"
        "ImageCaption: Warga membersihkan saluran.\n"
        "ImageCredit: Kominfotik JU/Agus Setiawan\n"
        "\n"
        "Warga RW 05 bergotong royong membersihkan saluran.\n"
        "\n"
        "Kegiatan ini rutin setiap bulan.\n"
        "\n"
        '![Petugas memeriksa saluran](petugas.jpg "(Kominfotik JU/Agus Setiawan)")\n'
    )
    assert (folder / "kerja-bakti.jpg").read_bytes() == first.read_bytes()
    assert (folder / "petugas.jpg").read_bytes() == second.read_bytes()
    assert "Create Berita" in _git(session, "log", "--format=%s", "main")
    from workflow.cli import check  # noqa: PLC0415

    report = io.StringIO()
    assert check([], content=repo / "content", out=report) == 0, report.getvalue()
    build = run_pelican(repo / "content", tmp_path / "built", strict=True)
    assert build.returncode == 0, build.log
    html = build.page(f"/berita/2026/10/31/{slug}/")
    assert "Kerja Bakti Bersihkan Saluran di Sunter Jaya" in html
    assert 'alt="Petugas memeriksa saluran"' in html
    assert outside == []


def _save_review_publish(page, session: dict, published: Path, before: str | None = None) -> Path:
    """Save (a cms/... branch, like a pull request), set "Diperiksa editor" then "Siap terbit",
    publish (merge into main) and wait until ``published`` in the working copy is no longer
    ``before`` (None: the file did not exist)."""

    def current() -> str | None:
        return published.read_text(encoding="utf-8") if published.exists() else None

    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Perubahan tersimpan", exact=False).wait_for()
    branches = _git(session, "branch", "--format=%(refname:short)").split()
    assert [b for b in branches if b.startswith("cms/")], branches
    assert current() == before  # main is unchanged until the editor approves
    for status in ("Diperiksa editor", "Siap terbit"):
        page.get_by_text("Status: ", exact=False).first.click()
        page.get_by_text(status, exact=True).click()
        page.get_by_text(f"Status: {status}").wait_for()
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.get_by_text("Terbitkan sekarang", exact=True).click()
    for _ in range(300):  # the merge is asynchronous; wait at most 30 s
        if current() != before:
            return published
        page.wait_for_timeout(100)
    raise AssertionError(f"{published} tidak berubah di main")


def _git(session: dict, *args: str) -> str:
    proc = subprocess.run(
        [*session["git"], *args], capture_output=True, text=True, check=True, timeout=30
    )
    return proc.stdout


def _kelurahan_options(page, expected: list[str]) -> list[str]:
    """The kelurahan choices once they settle on ``expected`` (the list redraws right after the
    kecamatan changes), at most 5 s."""
    options: list[str] = []
    for _ in range(50):
        options = page.locator("[id^=kelurahan-field] option").evaluate_all(
            "options => options.map(o => o.value).filter(Boolean)"
        )
        if options == expected:
            break
        page.wait_for_timeout(100)
    return options


def _wilayah(repo: Path) -> dict[str, list[str]]:
    with open(repo / "content" / "data" / "wilayah.toml", "rb") as handle:
        data = tomllib.load(handle)
    return {k["nama"]: [kel["nama"] for kel in k["kelurahan"]] for k in data["kecamatan"]}


@pytest.mark.browser
def test_form_is_indonesian_dated_in_wib_and_rejects_wrong_input(
    admin_page, tmp_path: Path
) -> None:
    page, session, outside = admin_page
    # A new story starts at the current WIB time although the browser runs in New York.
    before = datetime.now(WIB).replace(second=0, microsecond=0, tzinfo=None)
    shown = datetime.fromisoformat(page.input_value("[id^=date-field]"))
    assert 0 <= (shown - before).total_seconds() <= 120, (shown, before)
    # The interface speaks Indonesian (our own "id" locale), not Decap's English.
    page.get_by_role("button", name="Simpan", exact=True).wait_for()
    assert page.get_by_role("button", name="Save", exact=True).count() == 0
    assert page.get_by_text("Status: Draf").count() == 0  # only after the first save
    wilayah = _wilayah(session["repo"])
    assert _kelurahan_options(page, []) == []  # no kecamatan chosen yet
    _fill_story(page, "Posyandu Lagoa Buka Layanan Malam", "Tanjung Priok", "Sunter Jaya")
    assert _kelurahan_options(page, wilayah["Tanjung Priok"]) == wilayah["Tanjung Priok"]
    page.select_option(
        "[id^=kecamatan-field]", "Koja"
    )  # the kecamatan changes after the kelurahan was chosen
    assert _kelurahan_options(page, [*wilayah["Koja"], "Sunter Jaya"]) == [
        *wilayah["Koja"],
        "Sunter Jaya",
    ]
    _add_photo(
        page, _jpeg(tmp_path / "posyandu.jpg", (90, 140, 90)), "", "", "Kominfotik JU/Agus Setiawan"
    )
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Kelurahan Sunter Jaya ada di Kecamatan Tanjung Priok, bukan Koja").wait_for()
    page.get_by_text("Teks alternatif wajib diisi", exact=False).first.wait_for()
    page.get_by_text("Ada isian wajib yang belum diisi", exact=False).wait_for()
    assert _git(session, "branch", "--format=%(refname:short)").split() == ["main"]  # nothing saved
    assert outside == []


@pytest.mark.browser
def test_new_agenda_item_is_what_agenda_new_writes(admin_page, tmp_path: Path) -> None:
    from reach.scaffold import agenda_file  # noqa: PLC0415
    from workflow.cli import check  # noqa: PLC0415

    page, session, outside = admin_page
    repo: Path = session["repo"]
    wilayah = _wilayah(repo)
    page.goto(session["url"] + "#/collections/agenda")  # as staff do: the list, then "new"
    page.get_by_text("Agenda baru", exact=False).click()
    page.wait_for_selector("[id^=start-field]")
    title = "Posyandu Balita & PMT RW 03 (Lagoa)"
    page.fill("[id^=title-field]", title)
    page.fill("[id^=start-field]", "2026-12-03T08:00")
    page.fill("[id^=place-field]", 'Pos RW 03, Jl. "Lagoa" Terusan')
    page.select_option("[id^=kecamatan-field]", "Koja")
    assert _kelurahan_options(page, wilayah["Koja"]) == wilayah["Koja"]
    page.select_option("[id^=kelurahan-field]", "Lagoa")
    page.fill("[id^=description-field]", "Penimbangan dan imunisasi dasar untuk balita.")
    preview = page.frame_locator("iframe").first
    preview.get_by_text("Kode agenda: 2026-12-03-posyandu-balita-pmt-rw-03-lagoa").wait_for()
    start = datetime(2026, 12, 3, 8, 0, tzinfo=WIB)
    saved = _save_review_publish(
        page,
        session,
        repo / "content" / "agenda" / "2026-12-03-posyandu-balita-pmt-rw-03-lagoa.toml",
    )
    text = saved.read_text(encoding="utf-8")
    updated = next(line for line in text.splitlines() if line.startswith("updated = "))
    now = datetime.fromisoformat(updated.split('"')[1]).replace(tzinfo=WIB)
    assert abs((datetime.now(WIB) - now).total_seconds()) < 180  # saved in WIB, not New York
    expected_path = agenda_file(
        tmp_path / "agenda-new",
        title=title,
        start=start,
        end=datetime(2026, 12, 3, 10, 0, tzinfo=WIB),
        now=now,
        place='Pos RW 03, Jl. "Lagoa" Terusan',
        kecamatan="Koja",
        kelurahan="Lagoa",
        kecamatan_choices=list(wilayah),
    )
    assert expected_path.name == saved.name
    expected = expected_path.read_text(encoding="utf-8").replace(
        'description = ""', 'description = "Penimbangan dan imunisasi dasar untuk balita."'
    )
    assert text == expected
    assert check([], content=repo / "content", out=io.StringIO()) == 0
    assert outside == []


@pytest.mark.browser
def test_editing_an_agenda_item_keeps_the_file_and_bumps_sequence(admin_page) -> None:
    page, session, outside = admin_page
    repo: Path = session["repo"]
    source = sorted((ROOT / "content" / "agenda").glob("*.toml"))[0]
    target = repo / "content" / "agenda" / source.name
    shutil.copy(source, target)
    _git(session, "add", "-A")
    _git(session, "commit", "-qm", "agenda")
    before = target.read_text(encoding="utf-8")
    data = tomllib.loads(before)
    page.goto(session["url"] + "#/collections/agenda")
    page.get_by_text(data["title"], exact=False).first.click()
    page.wait_for_selector("[id^=place-field]")
    assert page.input_value("[id^=start-field]") == data["start"].replace(" ", "T")
    page.fill("[id^=place-field]", "Aula Kantor Lurah")
    _save_review_publish(page, session, target, before=before)
    after = target.read_text(encoding="utf-8")
    assert set(_changed_lines(before, after)) == {"place", "updated", "sequence"}
    assert tomllib.loads(after)["sequence"] == data.get("sequence", 0) + 1
    assert [p.name for p in target.parent.glob("*.toml")] == [source.name]  # same file name
    assert outside == []


def test_admin_is_outside_sitemaps_and_feeds(cms_bundle, production_site) -> None:
    if cms_bundle is None:
        pytest.skip("node/npm tidak terpasang: /admin/ tidak dibangun")
    out = production_site.output
    assert (out / "admin" / "index.html").is_file()
    config = _admin_config(out)
    assert config["site_url"] == "https://kabar.test"
    # The production backend names the repository being built (GITHUB_REPOSITORY on Actions).
    assert config["backend"]["repo"] == "kominfotik-ju/kabar-uji"
    assert config["locale"] == "id"
    indexes = [*out.rglob("*.xml"), *(p for p in out.rglob("*.json") if "feed" in p.name)]
    assert indexes, "the production build writes sitemaps and feeds"
    for path in indexes:
        assert "/admin/" not in path.read_text(encoding="utf-8"), path
