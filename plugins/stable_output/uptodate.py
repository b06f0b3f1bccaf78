"""Skip a whole build when nothing it reads has changed since the last complete build.

Like ``make``: a build records a digest of everything its output depends on — every file under
the content, theme and plugin folders (path, size, mtime), the project's own Python modules
(settings files included), the installed packages, the settings and the build-relevant
environment variables — together with a digest of the output tree it left. The next build
compares both and, when they match, writes nothing and returns at once.

Some output depends on the clock (a scheduled story appears at its time, the Google News
sitemap keeps two days of stories, the agenda moves events to "past"). Plugins announce when their
output stops being valid by sending the ``output_valid_until`` signal with an aware datetime;
the record keeps the earliest one, and a build after that moment runs in full.

Enabled with ``PELICAN_CLASS = "stable_output.UpToDatePelican"`` (the plugins folder must be
importable when the settings are read); ``STABLE_OUTPUT_UPTODATE = False`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.log import console

from .atomic import write_atomically
from .background import BACKGROUND
from .generators import FastArticlesGenerator
from .manifest import manifest_path
from .paths import absolute, inside
from .signature import RUNTIME_SETTINGS, Digester

logger = logging.getLogger(__name__)

#: Plugins send an aware datetime: their output must be rebuilt at or after that moment
#: (plugins/newsroom ``outputs.valid_until``).
output_valid_until = signal("output_valid_until")

VERSION = 1
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", ".git", ".pytest_cache"})
#: Environment variables read at build time by plugins (settings read from the environment are
#: covered by the settings digest already).
ENV_PREFIXES = ("CMS_", "GITHUB_REPOSITORY", "WEBSUB_", "SITEURL", "SOURCE_DATE_EPOCH")

#: Plugins send ``paths=``: output files this build produced or kept (``outputs.claim``).
output_claimed = signal("output_claimed")

_deadlines: list[datetime] = []
_claims: set[str] = set()


def _note_deadline(moment: datetime, **_kwargs: Any) -> None:
    _deadlines.append(moment)


def note_claims(
    _sender: Any = None, paths: Iterable[str | os.PathLike[str]] = (), **_kw: Any
) -> None:
    """Remember output files produced (or left unchanged) by this build."""
    _claims.update(map(absolute, paths))


output_valid_until.connect(_note_deadline, weak=False)
output_claimed.connect(note_claims, weak=False)


def size_mtime(stat: os.stat_result) -> str:
    return f"{stat.st_size}\0{stat.st_mtime_ns}"


def tree_entries(
    root: str | os.PathLike[str], stamp: Callable[[os.stat_result], str] = size_mtime
) -> Iterator[str]:
    """``relative path, stamp`` (by default size, mtime_ns) of every file under ``root``, in a
    stable order."""
    stack = [(os.fspath(root), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        subdirs = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_DIRS:
                    subdirs.append((entry.path, f"{rel}{entry.name}/"))
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            yield f"{rel}{entry.name}\0{stamp(stat)}"
        stack.extend(reversed(subdirs))


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for line in lines:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


#: Names under which the script that started Python is imported (``__mp_main__``: its alias
#: once multiprocessing has run).
ENTRY_MODULES = frozenset({"__main__", "__mp_main__"})


def _project_modules(covered: Iterable[str] = ()) -> Iterator[str]:
    """Stat lines of the imported modules that are not installed packages (settings files and
    what they import), leaving out the ``covered`` folders (theme and plugins, listed file by
    file already) and the entry script (:data:`ENTRY_MODULES`): which plugin modules happen to
    be imported, or whether the build was started by invoke, ``python -m pelican`` or a
    profiler, must not change the digest (it would send the next build down the clean path)."""
    installed = tuple({os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
    skipped = installed + tuple(os.path.join(os.path.abspath(root), "") for root in covered)
    for name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name in ENTRY_MODULES or not path or os.path.abspath(path).startswith(skipped):
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        yield f"module {name} {path}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _packages() -> Iterator[str]:
    """Installing, removing or upgrading a package changes its site-packages folder."""
    for folder in sorted({p for p in sys.path if p.endswith("site-packages")}):
        try:
            yield f"packages {folder}\0{os.stat(folder).st_mtime_ns}"
        except OSError:
            continue


def code_digest(settings: dict[str, Any], environ: dict[str, str]) -> str:
    """Digest of what turns content into pages: theme, plugins, modules, packages, settings."""

    roots = [settings.get("THEME", ""), *settings.get("PLUGIN_PATHS", [])]

    def lines() -> Iterator[str]:
        for root in roots:
            yield f"root {os.path.abspath(root)}"
            yield from tree_entries(root)
        yield from _project_modules(r for r in roots if r)
        yield from _packages()
        kept = {k: v for k, v in settings.items() if k not in RUNTIME_SETTINGS}
        yield "settings " + Digester().value(kept)
        for key in sorted(environ):
            if key.startswith(ENV_PREFIXES):
                yield f"env {key}={environ[key]}"

    return _digest(lines())


def content_scan(settings: dict[str, Any]) -> OutputScan:
    """The content folder listed in another process (folders in SKIPPED_DIRS left out)."""
    return OutputScan(settings["PATH"], SKIPPED_DIRS)


#: GNU find lists the output tree (path, size, mtime) in another process, several times faster
#: than a walk in Python over hundreds of thousands of files; without it, :func:`tree_entries`.
FIND = ("find", "!", "-type", "d", "-printf", r"%P\0%s\0%T@\n")


class OutputScan:
    """Digest of every file under the output folder (path, size, mtime), started at once and
    read when needed: the listing runs beside the Python work in between.

    Both ways of listing give different digests; a digest is only ever compared with one made
    the same way on this machine (and a mismatch only means a build from a clean start)."""

    def __init__(self, output_path: str, skipped: Iterable[str] = ()) -> None:
        self.output_path = output_path
        self._listing = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        prune: list[str] = []
        for name in sorted(skipped):  # folders left out, as tree_entries leaves SKIPPED_DIRS
            prune += [*(["-o"] if prune else []), "-name", name]
        if prune:
            prune = ["-mindepth", "1", "-type", "d", "(", *prune, ")", "-prune", "-o"]
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [FIND[0], output_path, *prune, *FIND[1:]],
                stdout=self._listing,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "LC_ALL": "C"},
            )
        except OSError:
            self._process = None
        self._digest: str | None = None

    def __enter__(self) -> OutputScan:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop a listing nobody asked for (the build then changes the output)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._listing.close()

    def digest(self) -> str:
        if self._digest is None:
            self._digest = self._finish()
        return self._digest

    def _finish(self) -> str:
        with self._listing:
            if self._process is not None and self._process.wait() == 0:
                self._listing.seek(0)
                lines = self._listing.read().split(b"\n")
                lines.sort()
                return hashlib.blake2b(b"\n".join(lines), digest_size=16).hexdigest()
        return _digest(tree_entries(self.output_path))


def output_digest(output_path: str) -> str:
    with OutputScan(output_path) as scan:
        return scan.digest()


def record_path(settings: dict[str, Any], output_path: str, kind: str = "uptodate") -> Path:
    """``<CACHE_PATH>/<kind>-<output folder key>.json``."""
    return manifest_path(settings.get("CACHE_PATH", ".cache"), output_path, kind)


#: First line of a claims file: its format (a JSON list before; such a file reads as none).
CLAIMS_HEADER = b"kabar-claims 1\n"


def load_claims(path: Path) -> set[str] | None:
    """Output-relative paths claimed by the last complete build, or None.

    (NUL-separated text: a quarter of a million paths load several times faster than JSON.)"""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(CLAIMS_HEADER):
        return None
    body = data[len(CLAIMS_HEADER) :].decode("utf-8", "surrogateescape")
    return set(body.split("\0")) if body else set()


def save_claims(path: Path, claims: Iterable[str]) -> None:
    """Write ``claims`` (in any order) atomically for :func:`load_claims`."""
    body = "\0".join(claims).encode("utf-8", "surrogateescape")
    write_atomically(path, CLAIMS_HEADER + body)


def relative_claims(output_path: str, claims: Iterable[str]) -> set[str]:
    """The claimed absolute paths that lie inside ``output_path``, relative to it."""
    base = os.path.abspath(output_path) + os.sep
    return {p[len(base) :] for p in claims if p.startswith(base)}


def sweep(output_path: str, stale: Iterable[str]) -> int:
    """Delete output files (relative paths) no longer produced, and folders left empty."""
    base = os.path.abspath(output_path)
    removed = 0
    for rel in sorted(stale):
        path = os.path.join(base, rel)
        try:
            os.unlink(path)
        except (FileNotFoundError, IsADirectoryError):
            continue
        removed += 1
        folder = os.path.dirname(path)
        while folder != base and folder.startswith(base):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed


def _write_json(path: Path, data: Any) -> None:
    write_atomically(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def load_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == VERSION else {}


def still_valid(
    record: dict[str, Any], inputs: str, output_path: str, now: datetime,
    scan: OutputScan | None = None,
) -> bool:  # fmt: skip
    """True when the recorded build read the same inputs, has not expired and left the output
    as it is now (``scan``: the output listing, when already started)."""
    if not record or record.get("inputs") != inputs:
        return False
    until = record.get("valid_until")
    if until and now >= datetime.fromisoformat(until):
        return False
    if not os.path.isdir(output_path):
        return False
    if scan is None:
        return record.get("output") == output_digest(output_path)
    return record.get("output") == scan.digest()


def save_record(
    path: Path, code: str, inputs: str, output: str | OutputScan, deadlines: list[datetime]
) -> None:
    """Record a complete build: its code and input digests, until when it holds and the
    digest of the output it left (``output``: the folder, or a scan of it already started)."""
    until = min(deadlines).astimezone(UTC).isoformat() if deadlines else None
    data = {"version": VERSION, "code": code, "inputs": inputs, "valid_until": until}
    digest = output.digest() if isinstance(output, OutputScan) else output_digest(output)
    _write_json(path, data | {"output": digest})


def _previous_claims(
    record: dict[str, Any], code: str, claims_path: Path, output_path: str
) -> set[str] | None:
    """The last complete build's claims when this build may run in place, else None.

    That build must have used the same code; a cleaning (production) build also needs the
    output exactly as that build left it — a file added or changed by hand means a clean start
    (:class:`OutputCheck`, answered once the stories are read).
    """
    if record.get("code") != code or not os.path.isdir(output_path):
        return None
    return load_claims(claims_path)


class OutputCheck:
    """Is the output folder as the last complete build left it? Asked by a cleaning build
    that runs in place, and answered at ``article_generator_finalized`` — after the stories
    are read, before anything is written — so the listing of a quarter of a million files
    (another process) runs beside the reading instead of holding up the start.

    When the answer is no, the build falls back to a clean start before any output is
    touched: ``NEWSROOM_CLEAN_OUTPUT`` is set again (plugins/newsroom sets the old tree aside
    at ``all_generators_finalized``) and the old claims are not swept.
    """

    def __init__(self) -> None:
        self._pending: tuple[OutputScan, str | None, dict[str, Any]] | None = None
        self.changed = False

    def reset(self) -> None:
        """A new build: nothing to check (yet), nothing found."""
        self._pending, self.changed = None, False

    def start(self, scan: OutputScan, expected: str | None, settings: dict[str, Any]) -> None:
        """Ask: ``scan`` (still listing) against the ``expected`` digest of the record."""
        self._pending, self.changed = (scan, expected, settings), False

    def resolve(self, _sender: Any = None, **_kwargs: Any) -> None:
        """Compare the listing with the recorded digest (once; later calls do nothing)."""
        if self._pending is None:
            return
        scan, expected, settings = self._pending
        self._pending = None
        if scan.digest() != expected:
            logger.info(
                "Folder keluaran %s berubah sejak build terakhir (diubah di luar build): "
                "build ini mulai dari folder kosong",
                scan.output_path,
            )
            settings["NEWSROOM_CLEAN_OUTPUT"] = True
            self.changed = True

    def cancel(self) -> None:
        """The build ended (or failed) without asking: nothing is compared any more."""
        self._pending = None


OUTPUT_CHECK = OutputCheck()
signals.article_generator_finalized.connect(OUTPUT_CHECK.resolve, weak=False)
signals.get_writer.connect(OUTPUT_CHECK.resolve, weak=False)  # (always after, in any build)


class _ErrorCounter(logging.Handler):
    """Counts error records while attached (a build that logged errors is not recorded)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class UpToDatePelican(Pelican):
    """Pelican that returns at once when the last complete build is still up to date (and
    writes the article listings with :class:`.generators.FastArticlesGenerator`)."""

    def _get_generator_classes(self) -> list[type]:
        classes = super()._get_generator_classes()
        return [FastArticlesGenerator if c is ArticlesGenerator else c for c in classes]

    def run(self) -> None:
        if getattr(self, "_has_run", False):
            # ``pelican -r`` runs this instance again for every change: plugins reset their
            # per-build state at ``initialized`` (problem log, feeds, cards, story keys), so each
            # run starts as a new instance would — a fixed content error then builds again.
            signals.initialized.send(self)
        self._has_run = True
        if not self.settings.get("STABLE_OUTPUT_UPTODATE", True):
            super().run()
            return
        start = time.perf_counter()
        path = record_path(self.settings, self.output_path)
        claims_path = record_path(self.settings, self.output_path, "claims")
        clean = self.settings.get("NEWSROOM_CLEAN_OUTPUT", False)
        # The output is listed while the inputs are digested (another process), and the
        # stories read when a cleaning build only needs it to run in place.
        with OutputScan(self.output_path) as scan:
            with content_scan(self.settings) as content:
                code = code_digest(self.settings, dict(os.environ))
                inputs = _digest([code, content.digest()])
            record = load_record(path)
            if still_valid(record, inputs, self.output_path, datetime.now(UTC), scan):
                seconds = time.perf_counter() - start
                console.print(
                    "Tidak ada yang berubah sejak build terakhir: "
                    f"{self.output_path} tetap (diperiksa dalam {seconds:.2f} detik)"
                )
                return
            previous = _previous_claims(record, code, claims_path, self.output_path)
            path.unlink(missing_ok=True)  # a failed build below leaves no record behind
            OUTPUT_CHECK.reset()
            if previous is not None:
                # Same code as the last complete build: build in place, then remove exactly
                # the files that build produced and this one no longer does.
                self.settings["NEWSROOM_CLEAN_OUTPUT"] = False
                if clean:
                    OUTPUT_CHECK.start(scan, record.get("output"), self.settings)
            _deadlines.clear()
            _claims.clear()
            try:
                failed = self._run_counting_errors()
            finally:
                OUTPUT_CHECK.cancel()
                self.settings["NEWSROOM_CLEAN_OUTPUT"] = clean
            if OUTPUT_CHECK.changed:
                previous = None
        if failed:
            return
        if inside(str(absolute(claims_path)), absolute(self.output_path)) is not None:
            produced = relative_claims(self.output_path, _claims)  # (a cache inside the output)
            self._sweep(previous, produced)
            save_claims(claims_path, produced)
            save_record(path, code, inputs, self.output_path, _deadlines)
            return
        # Unless old files are to be removed, the output is final: it is listed (another
        # process) while the claims are worked out and saved.
        final = OutputScan(self.output_path)
        try:
            produced = relative_claims(self.output_path, _claims)
            if self._sweep(previous, produced):
                final.close()
                final = OutputScan(self.output_path)
            save_claims(claims_path, produced)
            save_record(path, code, inputs, final, _deadlines)
        finally:
            final.close()

    def _sweep(self, previous: set[str] | None, produced: set[str]) -> bool:
        """Remove what the last build produced and this one did not; True if it did."""
        stale = previous - produced if previous is not None else set()
        if stale:
            removed = sweep(self.output_path, stale)
            logger.info("%d berkas lama yang tidak lagi dihasilkan dihapus", removed)
        return bool(stale)

    def _run_counting_errors(self) -> int:
        """Pelican's build; the number of errors it logged."""
        root = logging.getLogger()
        BACKGROUND.begin(self.settings)
        # Without handlers (``--log-handler plain``) Python prints through ``lastResort``; an
        # added handler would silence that, so it joins the counter for the build.
        errors = _ErrorCounter()
        watchers: list[logging.Handler] = [errors]
        if not root.handlers and logging.lastResort is not None:
            watchers.append(logging.lastResort)
        for handler in watchers:
            root.addHandler(handler)
        try:
            super().run()
        finally:
            BACKGROUND.end()
            for handler in watchers:
                root.removeHandler(handler)
        return errors.count
