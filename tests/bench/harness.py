"""Build benchmarks: our site vs stock Pelican on the same synthetic archive, in one run.

Every figure is the median (with min/max) of several runs of a real ``pelican`` process. Our
site is built as in production (publishconf.py: absolute SITEURL, feeds, sitemaps, search
index, stale files removed). Peak memory is polled from /proc (VmHWM) for the build process and
every process it starts (read workers, media workers, Pagefind): ``peak_rss_mb`` is the build
process, ``peak_rss_tree_mb`` the sum of each process's peak (an upper bound: forked workers
share pages with their parent). ``--curve`` repeats the whole run at several archive sizes and
reports seconds per 1,000 stories. Results go to JSON and a Markdown table.
"""

from __future__ import annotations

import hashlib
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
    tree_rss_mb: list[float] = field(default_factory=list)
    skipped: str = ""

    def add(self, seconds: float, rss: tuple[float, float]) -> None:
        self.seconds.append(seconds)
        self.rss_mb.append(rss[0])
        self.tree_rss_mb.append(rss[1])

    def summary(self) -> dict[str, float]:
        if not self.seconds:
            return {}
        return {
            "median_s": round(statistics.median(self.seconds), 3),
            "min_s": round(min(self.seconds), 3),
            "max_s": round(max(self.seconds), 3),
            "peak_rss_mb": round(max(self.rss_mb), 1),
            "peak_rss_tree_mb": round(max(self.tree_rss_mb), 1),
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


def _children(pid: int) -> list[int]:
    """Direct children of a live process (Linux /proc/<pid>/task/*/children)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        ) -> tuple[float, tuple[float, float]]:  # fmt: skip
    """Run a command to completion; return (wall seconds, (peak RSS, process-tree RSS) in MB).

    Peak RSS is polled from /proc (VmHWM): ``wait4``'s ru_maxrss would report the benchmark
    process's own size, which Linux carries over into a child across fork+exec. Every
    descendant seen while polling counts with its own peak in the tree figure. Fails loudly.
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})  # fmt: skip
        peaks: dict[int, float] = {}
        while proc.poll() is None:
            pending = [proc.pid]
            while pending:
                pid = pending.pop()
                peaks[pid] = max(peaks.get(pid, 0.0), _hwm_mb(pid))
                pending += _children(pid)
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            log.seek(0)
            output = log.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{output}")
    return elapsed, (peaks.get(proc.pid, 0.0), sum(peaks.values()))


def ours(content: Path, output: Path, cache: Path) -> list[str]:
    """Our production build (publishconf.py), every cache under ``cache``."""
    return [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "publishconf.py"),
            "-o", str(output), "-e", f"CACHE_PATH={json.dumps(str(cache))}"]  # fmt: skip


#: publishconf.py imports pelicanconf from the project folder; caches live in the work folder.
OURS_ENV = {"PYTHONPATH": str(ROOT), "SITEURL": "https://kabar.example.go.id",
            "MEDIA_CACHE_PATH": ".cache/media"}  # fmt: skip


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


#: Calibration workloads: a fixed amount of Python + hashing, and of file-system metadata work.
CALIBRATION_FILES = 2000
CALIBRATION_BYTES = 16 * 1024 * 1024


def calibrate(folder: Path, rounds: int = 3) -> dict[str, float]:
    """Milliseconds two fixed workloads take on this machine now (the fastest of ``rounds``),
    so runs on a fast and a slow day can be told apart: ``cpu_ms`` (a Python loop and SHA-256 of
    16 MB, like rendering and digests) and ``fs_ms`` (create, stat, hard-link and remove 2,000
    files, like an incremental build's output checks). Stock Pelican is almost pure CPU; our
    incremental builds are not, so a day with slow file operations moves their ratios (session
    10: no-change 0.9 -> 1.9 s)."""
    return {
        "cpu_ms": round(min(_cpu_workload() for _ in range(rounds)) * 1000, 1),
        "fs_ms": round(min(_fs_workload(folder) for _ in range(rounds)) * 1000, 1),
    }


def _cpu_workload() -> float:
    start = time.perf_counter()
    total = 0
    for n in range(2_000_000):
        total += n % 7
    hashlib.sha256(bytes(CALIBRATION_BYTES)).hexdigest()
    return time.perf_counter() - start


def _fs_workload(folder: Path) -> float:
    work = Path(tempfile.mkdtemp(prefix="kalibrasi-", dir=folder))
    start = time.perf_counter()
    try:
        for n in range(CALIBRATION_FILES):
            path = work / f"{n}.html"
            path.write_bytes(b"<p>kalibrasi</p>")
            path.stat()
            os.link(path, work / f"{n}.link")
        for entry in os.scandir(work):
            os.unlink(entry.path)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(stories: int, photos: int, photo_size: tuple[int, int], repeat: int,
          workdir: Path | None = None, log: Callable[[str], None] = print,
          photo_files: list[Path] | None = None) -> dict:  # fmt: skip
    """Run every scenario; return the results dict (also suitable for JSON)."""
    base = workdir or Path(tempfile.mkdtemp(prefix="kabar-bench-"))
    try:
        log(f"Membuat {photos} foto {photo_size[0]}x{photo_size[1]} dan {stories} berita di {base}")
        if photo_files is None:
            photo_files = make_photos(base / "photos", photos, photo_size)
        content = base / "content"
        generate(content, stories, photo_files)
        results = {m: Measure(m) for m in (
            "cold", "no_change", "add_story", "edit_story", "cold_warm_media", "preview_story",
            "stock_cold", "stock_cached",
        )}  # fmt: skip
        cwd = base / "work"
        cwd.mkdir(exist_ok=True)
        calibration = {"start": calibrate(base)}
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
                seconds, rss = run(ours(content, out, cwd / ".cache" / "pelican"), cwd, OURS_ENV)
                results[name].add(seconds, rss)
                log(f"  {name}: {seconds:.2f} s, {rss[0]:.0f} MB ({rss[1]:.0f} MB bersama anak)")
            # Cold pages with the photo derivatives already made (as a CI cache of .cache/media):
            # stock Pelican makes no derivatives at all, so this isolates the page pipeline.
            for stale in (out, cwd / ".cache" / "pelican"):
                shutil.rmtree(stale, ignore_errors=True)
            seconds, rss = run(ours(content, out, cwd / ".cache" / "pelican"), cwd, OURS_ENV)
            results["cold_warm_media"].add(seconds, rss)
            log(f"  cold_warm_media: {seconds:.2f} s, {rss[0]:.0f} MB")
            _preview(results["preview_story"], content, cwd)
            stock_out, stock_cache = base / "stock-out", base / "stock-cache"
            shutil.rmtree(stock_out, ignore_errors=True)
            shutil.rmtree(stock_cache, ignore_errors=True)
            settings = base / "stockconf.py"
            settings.write_text(STOCK_SETTINGS.format(content=str(content), cache=str(stock_cache)))
            for name in ("stock_cold", "stock_cached"):
                seconds, rss = run(stock(content, stock_out, settings), cwd)
                results[name].add(seconds, rss)
                log(f"  {name}: {seconds:.2f} s, {rss[0]:.0f} MB")
        calibration["end"] = calibrate(base)
        return _report(results, stories, photos, photo_size, repeat) | {"calibration": calibration}
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
    measure.add(seconds, rss)


def _report(results: dict[str, Measure], stories: int, photos: int,
            photo_size: tuple[int, int], repeat: int) -> dict:  # fmt: skip
    summary = {name: m.summary() for name, m in results.items()}
    ratios = {}
    stock_cold = summary["stock_cold"].get("median_s")
    stock_cached = summary["stock_cached"].get("median_s")
    if stock_cold and stock_cached:
        references = {"cold": stock_cold, "cold_warm_media": stock_cold, "no_change": stock_cached}
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
    "cold_warm_media": "Build dingin, turunan foto sudah ada di cache",
    "preview_story": "Pratinjau 1 berita",
    "stock_cold": "Pelican standar, dingin",
    "stock_cached": "Pelican standar, dengan cache konten",
}


def _calibration_line(report: dict) -> list[str]:
    """``Kalibrasi mesin …`` (awal/akhir jalan), empty for reports made without it."""
    cal = report.get("calibration")
    if not cal:
        return []
    start, end = cal["start"], cal["end"]
    return [
        "",
        f"Kalibrasi mesin (awal/akhir jalan, ms): CPU {start['cpu_ms']}/{end['cpu_ms']}, "
        f"operasi berkas {start['fs_ms']}/{end['fs_ms']}",
    ]


def markdown(report: dict) -> str:
    """The results as a Markdown table (the README quotes it)."""
    lines = [
        f"{report['stories']} berita, {report['photos']} foto "
        f"{report['photo_size'][0]}×{report['photo_size'][1]}, {report['repeat']}× ulang — "
        f"{report['date']}, {report['machine']}",
        *_calibration_line(report),
        "",
        "| Skenario | Median (s) | Min–maks (s) | RSS puncak (MB) | RSS + proses anak (MB) "
        "| Rasio thd Pelican standar |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in LABELS.items():
        r = report["results"].get(name) or {}
        if not r:
            reason = report["skipped"].get(name, "tidak diukur")
            lines.append(f"| {label} | – | – | – | – | {reason} |")
            continue
        ratio = report["ratios_vs_stock"].get(name)
        lines.append(
            f"| {label} | {r['median_s']} | {r['min_s']}–{r['max_s']} | {r['peak_rss_mb']} | "
            f"{r['peak_rss_tree_mb']} | {f'{ratio}×' if ratio is not None else ''} |"
        )
    return "\n".join(lines) + "\n"


def _write(
    report: dict, folder: Path, stem: str, table: Callable[[dict], str]
) -> tuple[Path, Path]:
    """``<stem>.json`` and ``<stem>.md`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{stem}.json"
    md_path = folder / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    md_path.write_text(table(report), "utf-8")
    return json_path, md_path


def write_results(report: dict, folder: Path) -> tuple[Path, Path]:
    return _write(report, folder, "bench", markdown)


CURVE_SCENARIOS = ("cold", "cold_warm_media", "no_change", "add_story", "stock_cold",
                   "stock_cached")  # fmt: skip


def curve(sizes: list[int], photos: int, photo_size: tuple[int, int], repeat: int,
          log: Callable[[str], None] = print) -> dict:  # fmt: skip
    """The whole benchmark at each archive size: is the time per story flat in N?"""
    rows = []
    base = Path(tempfile.mkdtemp(prefix="kabar-curve-"))
    try:
        log(f"Membuat {photos} foto {photo_size[0]}x{photo_size[1]} (dipakai di setiap ukuran)")
        photo_files = make_photos(base / "photos", photos, photo_size)
        for stories in sizes:
            report = bench(stories, photos, photo_size, repeat, log=log, photo_files=photo_files)
            rows.append(_curve_row(stories, report))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {
        "kind": "curve", "date": report["date"], "machine": report["machine"],
        "photos": photos, "photo_size": list(photo_size), "repeat": repeat, "rows": rows,
    }  # fmt: skip


def _curve_row(stories: int, report: dict) -> dict:
    """One row of the curve: each scenario's result and its seconds per 1,000 stories."""
    row: dict = {"stories": stories, "ratios_vs_stock": report["ratios_vs_stock"]}
    for name in CURVE_SCENARIOS:
        result = report["results"][name]
        row[name] = result
        row[f"{name}_s_per_1000"] = round(result["median_s"] * 1000 / stories, 3)
    return row


def curve_markdown(report: dict) -> str:
    """The curve as a Markdown table: seconds and seconds per 1,000 stories for each N."""
    lines = [
        f"Kurva N: {report['photos']} foto {report['photo_size'][0]}×{report['photo_size'][1]}, "
        f"{report['repeat']}× ulang — {report['date']}, {report['machine']}",
        "",
        "| Berita | Dingin (s) | s/1.000 | Dingin, foto di cache (s) | Tanpa perubahan (s) "
        "| +1 berita (s) | Standar dingin (s) | s/1.000 | Standar cache (s) | Rasio dingin "
        "| Rasio +1 berita | RSS puncak (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        lines.append(
            f"| {row['stories']} | {row['cold']['median_s']} | {row['cold_s_per_1000']} "
            f"| {row['cold_warm_media']['median_s']} "
            f"| {row['no_change']['median_s']} | {row['add_story']['median_s']} "
            f"| {row['stock_cold']['median_s']} | {row['stock_cold_s_per_1000']} "
            f"| {row['stock_cached']['median_s']} | {row['ratios_vs_stock'].get('cold', '')}× "
            f"| {row['ratios_vs_stock'].get('add_story', '')}× "
            f"| {max(row[n]['peak_rss_mb'] for n in CURVE_SCENARIOS)} |"
        )
    return "\n".join(lines) + "\n"


def write_curve(report: dict, folder: Path) -> tuple[Path, Path]:
    return _write(report, folder, "curve", curve_markdown)
