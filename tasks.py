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
def publish(c):
    """Production build and deploy (GitHub Pages via ghp-import)."""
    gh_pages(c)


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


STORY_TEMPLATE = """\
Title: {title}
Date: {date}
# Ringkasan 1–2 kalimat, paling banyak 200 karakter, tanpa format.
Summary: {summary}
# Rubrik: {rubrik_choices}
Category: {rubrik}
# Kecamatan: {kecamatan_choices}
Kecamatan: {kecamatan}
# Kelurahan harus berada di kecamatan di atas (boleh dikosongkan).
Kelurahan: {kelurahan}
# Topik, dipisah koma.
Tags: {tags}
# Reporter, dipisah koma bila lebih dari satu.
Author: {reporter}
Photographer: {photographer}
# Unit kerja pemilik kegiatan (lihat content/data/unit.toml).
Unit: {unit}
# Foto utama: nama berkas di folder ini, teks alternatif (isi foto untuk tunanetra),
# keterangan, dan kredit.
Image: {image}
ImageAlt: {image_alt}
ImageCaption: {image_caption}
ImageCredit: {image_credit}
# Tautan YouTube (boleh dikosongkan).
Video:
# Hapus baris di bawah ini bila berita siap terbit.
Status: draft

Tulis paragraf pembuka di sini: siapa, apa, di mana, kapan.

Foto lain di folder ini dapat disisipkan begini:
![penjelasan isi foto](nama-foto.jpg "Keterangan foto. (Kominfotik JU/Nama Fotografer)")
"""


@task(
    iterable=["photo"],
    help={
        "title": "judul berita",
        "rubrik": "rubrik (Category)",
        "kecamatan": "kecamatan lokasi",
        "kelurahan": "kelurahan lokasi (opsional)",
        "reporter": "nama reporter, dipisah koma",
        "unit": "unit kerja",
        "photo": "berkas foto untuk disalin ke folder berita (boleh berulang)",
    },
)
def new(c, title="", rubrik="", kecamatan="", kelurahan="", reporter="", unit="", photo=None):
    """Create a new story folder with a complete, commented header (status: draft)."""
    from newsroom.config import DEFAULT_RUBRIK  # noqa: PLC0415
    from newsroom.wilayah import load_wilayah  # noqa: PLC0415
    from pelican.utils import slugify  # noqa: PLC0415

    wilayah = load_wilayah(ROOT / "content" / "data" / "wilayah.toml")
    interactive = sys.stdin.isatty()

    def ask(label: str, value: str) -> str:
        if value or not interactive:
            return value
        return input(f"{label}: ").strip()

    title = ask("Judul berita", title)
    if not title:
        sys.exit('Judul wajib diisi: invoke new "Judul berita" --rubrik ... --kecamatan ...')
    now = datetime.now(WIB)
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])[:60].strip("-")
    folder = ROOT / "content" / "berita" / f"{now:%Y}" / f"{now:%m}" / slug
    if folder.exists():
        sys.exit(f"Folder {folder.relative_to(ROOT)} sudah ada: pilih judul lain.")
    photos = [Path(p) for p in (photo or [])]
    missing = [str(p) for p in photos if not p.is_file()]
    if missing:
        sys.exit(f"Foto tidak ditemukan: {', '.join(missing)}")
    fields = {
        "title": title,
        "date": f"{now:%Y-%m-%d %H:%M}",
        "summary": "",
        "rubrik": ask("Rubrik", rubrik),
        "rubrik_choices": ", ".join(DEFAULT_RUBRIK),
        "kecamatan": ask("Kecamatan", kecamatan),
        "kecamatan_choices": ", ".join(wilayah.kecamatan_names()),
        "kelurahan": ask("Kelurahan (boleh kosong)", kelurahan),
        "tags": "",
        "reporter": ask("Reporter", reporter),
        "photographer": "",
        "unit": ask("Unit kerja", unit),
        "image": photos[0].name if photos else "",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "Kominfotik JU/",
    }
    folder.mkdir(parents=True)
    for source in photos:
        shutil.copy2(source, folder / source.name)
    index = folder / "index.md"
    index.write_text(STORY_TEMPLATE.format(**fields), encoding="utf-8")
    print(f"Berita baru: {index.relative_to(ROOT)}")
    print("Lengkapi kolom yang kosong, lalu jalankan `make check` sebelum commit.")


# --- CMS (plugins/cms) ---
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
