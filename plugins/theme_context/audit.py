"""`invoke audit`: Lighthouse (mobile) on the home, a story, a listing and the search page.

The built site is served on a free loopback port; Lighthouse drives /usr/bin/chromium. Prints
the four category scores per page; fails when one is below the target.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(output: Path) -> Iterator[str]:
    """Serve ``output`` on a free 127.0.0.1 port; yield its base URL (used by the tests too)."""
    handler = functools.partial(_Quiet, directory=str(output))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def sample_pages(output: Path) -> list[str]:
    """Home, the newest story, the first rubrik listing and a search."""
    stories = sorted(output.glob("berita/*/*/*/*/index.html"))
    rubrik = sorted(output.glob("rubrik/*/index.html"))
    pages = ["/"]
    if stories:
        pages.append("/" + stories[-1].parent.relative_to(output).as_posix() + "/")
    if rubrik:
        pages.append("/" + rubrik[0].parent.relative_to(output).as_posix() + "/")
    pages.append("/cari/?q=warga")
    return pages


def install() -> Path:
    """``npm ci`` the pinned Lighthouse; return its command."""
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=600)
    return HERE / "node_modules" / ".bin" / "lighthouse"


def run_audit(output: Path, chromium: str = "/usr/bin/chromium", target: int = 95) -> int:
    """Audit the site in ``output``; return 0 when every score reaches ``target``."""
    lighthouse = install()
    low = 0
    with serve(output) as base, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        for page in sample_pages(output):
            url = base + page
            cmd = [
                str(lighthouse), url, f"--chrome-path={chromium}",
                f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES),
                "--output=json", f"--output-path={report}", "--quiet",
            ]  # fmt: skip
            subprocess.run(cmd, check=True, timeout=300)
            cats = json.loads(report.read_text(encoding="utf-8"))["categories"]
            scores = {c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES}
            low += sum(1 for s in scores.values() if s < target)
            print(page, "  ".join(f"{c} {s}" for c, s in scores.items()))
    return 1 if low else 0
