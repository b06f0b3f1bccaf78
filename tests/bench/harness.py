"""Build benchmarks: our site vs stock Pelican on the same synthetic archive, in one run.

Every figure is the median (with min/max) of several runs of a real ``pelican`` process; peak
memory is the build process's VmHWM polled from /proc (worker processes not included). Results
go to JSON and a Markdown table.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.bench.archive import generate, make_photos, story_text

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Measure:
    """Repeated timings (seconds) and peak RSS (MB) of one scenario."""

    name: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    skipped: str = ""

    def summary(self) -> dict[str, float]:
        if not self.seconds:
            return {}
        return {
            "median_s": round(statistics.median(self.seconds), 3),
            "min_s": round(min(self.seconds), 3),
            "max_s": round(max(self.seconds), 3),
            "peak_rss_mb": round(max(self.rss_mb), 1),
        }


def _hwm_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command to completion; return (wall seconds, peak RSS in MB). Fails loudly.

    Peak RSS is polled from /proc (VmHWM): ``wait4``'s ru_maxrss would report the benchmark
    process's own size, which Linux carries over into a child across fork+exec.
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _hwm_mb(proc.pid))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            log.seek(0)
            output = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{output}")
    return elapsed, peak


def ours(content: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(output), "-e", 'CACHE_CONTENT=true', "LOAD_CONTENT_CACHE=true"]  # fmt: skip


def stock(content: Path, output: Path, settings: Path) -> list[str]:
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output)]


STOCK_SETTINGS = """\
SITENAME = "Stock Pelican"
SITEURL = ""
PATH = {content!r}
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["halaman"]
STATIC_PATHS = ["berita"]
DEFAULT_PAGINATION = 12
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
ARTICLE_TRANSLATION_ID = None
"""


def bench(stories: int, photos: int, photo_size: tuple[int, int], repeat: int,
          workdir: Path | None = None, log: Callable[[str], None] = print) -> dict:  # fmt: skip
    """Run every scenario; return the results dict (also suitable for JSON)."""
    base = workdir or Path(tempfile.mkdtemp(prefix="kabar-bench-"))
    try:
        log(f"Membuat {photos} foto {photo_size[0]}x{photo_size[1]} dan {stories} berita di {base}")
        photo_files = make_photos(base / "photos", photos, photo_size)
        content = base / "content"
        generate(content, stories, photo_files)
        results = {m: Measure(m) for m in (
            "cold", "no_change", "add_story", "edit_story", "preview_story",
            "stock_cold", "stock_cached",
        )}  # fmt: skip
        cwd = base / "work"
        cwd.mkdir(exist_ok=True)
        for round_no in range(repeat):
            log(f"Putaran {round_no + 1}/{repeat}")
            out = base / "out"
            for stale in (out, cwd / ".cache"):
                shutil.rmtree(stale, ignore_errors=True)
            for name, action in (
                ("cold", None), ("no_change", None), ("add_story", "add"), ("edit_story", "edit"),
            ):  # fmt: skip
                if action:
                    _mutate(content, action, round_no, photo_files[0])
                seconds, rss = run(ours(content, out), cwd)
                results[name].seconds.append(seconds)
                results[name].rss_mb.append(rss)
                log(f"  {name}: {seconds:.2f} s, {rss:.0f} MB")
            _preview(results["preview_story"], content, cwd)
            stock_out, stock_cache = base / "stock-out", base / "stock-cache"
            shutil.rmtree(stock_out, ignore_errors=True)
            shutil.rmtree(stock_cache, ignore_errors=True)
            settings = base / "stockconf.py"
            settings.write_text(STOCK_SETTINGS.format(content=str(content), cache=str(stock_cache)))
            for name in ("stock_cold", "stock_cached"):
                seconds, rss = run(stock(content, stock_out, settings), cwd)
                results[name].seconds.append(seconds)
                results[name].rss_mb.append(rss)
                log(f"  {name}: {seconds:.2f} s, {rss:.0f} MB")
        return _report(results, stories, photos, photo_size, repeat)
    finally:
        if workdir is None:
            shutil.rmtree(base, ignore_errors=True)


def _mutate(content: Path, action: str, round_no: int, photo: Path) -> None:
    stories = sorted((content / "berita").rglob("index.md"))
    if action == "edit":
        target = stories[len(stories) // 2]
        text = target.read_text(encoding="utf-8")
        target.write_text(text + f"\nParagraf tambahan hasil suntingan {round_no}.\n", "utf-8")
        return
    import random  # noqa: PLC0415

    date = datetime(2026, 11, 27, 20, round_no % 60)
    folder = content / "berita" / "2026" / "11" / f"berita-tambahan-{round_no}"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / photo.name).exists():
        os.link(photo, folder / photo.name)
    from tests.bench.archive import _paragraphs, _places  # noqa: PLC0415

    text = story_text(90000 + round_no, random.Random(round_no), _paragraphs(), _places()[0],
                      date, photo.name, None)  # fmt: skip
    (folder / "index.md").write_text(text, encoding="utf-8")


PREVIEW = (
    "import sys; from pathlib import Path; sys.path.insert(0, 'plugins'); "
    "from workflow.preview import render; from workflow.settings import load; "
    "render(Path(sys.argv[1]), load(content=sys.argv[2]), Path(sys.argv[3]))"
)


def _preview(measure: Measure, content: Path, cwd: Path) -> None:
    """Single-story preview (the `preview-story` task's renderer), as one process."""
    if not (ROOT / "plugins" / "workflow" / "preview.py").exists():
        measure.skipped = "pratinjau satu berita belum ada"
        return
    story = sorted((content / "berita").rglob("index.md"))[0]
    cmd = [sys.executable, "-c", PREVIEW, str(story), str(content), str(cwd / "preview")]
    seconds, rss = run(cmd, ROOT)
    measure.seconds.append(seconds)
    measure.rss_mb.append(rss)


def _report(results: dict[str, Measure], stories: int, photos: int,
            photo_size: tuple[int, int], repeat: int) -> dict:  # fmt: skip
    summary = {name: m.summary() for name, m in results.items()}
    ratios = {}
    stock_cold = summary["stock_cold"].get("median_s")
    stock_cached = summary["stock_cached"].get("median_s")
    if stock_cold and stock_cached:
        references = {"cold": stock_cold, "no_change": stock_cached}
        references |= {"add_story": stock_cached, "edit_story": stock_cached}
        for name, reference in references.items():
            if summary[name]:
                ratios[name] = round(summary[name]["median_s"] / reference, 3)
    return {
        "date": datetime.now(ZoneInfo("Asia/Jakarta")).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}",
        "stories": stories,
        "photos": photos,
        "photo_size": list(photo_size),
        "repeat": repeat,
        "results": summary,
        "skipped": {name: m.skipped for name, m in results.items() if m.skipped},
        "ratios_vs_stock": ratios,
        "raw": {name: asdict(m) for name, m in results.items()},
    }


LABELS = {
    "cold": "Build dingin (tanpa cache)",
    "no_change": "Build ulang tanpa perubahan",
    "add_story": "Build ulang setelah 1 berita baru",
    "edit_story": "Build ulang setelah 1 berita disunting",
    "preview_story": "Pratinjau 1 berita",
    "stock_cold": "Pelican standar, dingin",
    "stock_cached": "Pelican standar, dengan cache konten",
}


def markdown(report: dict) -> str:
    """The results as a Markdown table (the README quotes it)."""
    lines = [
        f"{report['stories']} berita, {report['photos']} foto "
        f"{report['photo_size'][0]}×{report['photo_size'][1]}, {report['repeat']}× ulang — "
        f"{report['date']}, {report['machine']}",
        "",
        "| Skenario | Median (s) | Min–maks (s) | RSS puncak (MB) | Rasio thd Pelican standar |",
        "|---|---|---|---|---|",
    ]
    for name, label in LABELS.items():
        r = report["results"].get(name) or {}
        if not r:
            reason = report["skipped"].get(name, "tidak diukur")
            lines.append(f"| {label} | – | – | – | {reason} |")
            continue
        ratio = report["ratios_vs_stock"].get(name)
        lines.append(
            f"| {label} | {r['median_s']} | {r['min_s']}–{r['max_s']} | {r['peak_rss_mb']} | "
            f"{f'{ratio}×' if ratio is not None else ''} |"
        )
    return "\n".join(lines) + "\n"


def write_results(report: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / "bench.json"
    md_path = folder / "bench.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    md_path.write_text(markdown(report), "utf-8")
    return json_path, md_path
