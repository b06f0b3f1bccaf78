"""Write the Pagefind bundles of the shards that changed; leave every other file untouched.

Layout under ``output/pagefind/``: one Pagefind bundle per shard (``<name>/pagefind.js``,
``pagefind-entry.json``, ...) and ``shards.json`` (name → fingerprint of every shard on disk).

A shard is re-indexed only when its fingerprint differs from the one recorded there or its
bundle is missing. Its story pages are hard-linked into a staging folder (no copy, no other
page read) and Pagefind indexes that folder into ``.new-<name>``, which then replaces the old
bundle in one rename. A failed run keeps the old bundle and its old fingerprint (retried on the
next build). Bundles of shards that no longer exist and anything else left in the folder (an
older single index, an interrupted run) are removed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stable_output import replace_if_changed

from .shards import Shard

log = logging.getLogger(__name__)

STATE = "shards.json"
STAGING = ".staging"
NEW = ".new-"


@dataclass(frozen=True)
class Pagefind:
    """How to run the Pagefind binary."""

    executable: str
    workers: int = 2
    timeout: float = 300.0


@dataclass
class Report:
    """What one update did (for logging and the benchmark)."""

    indexed: list[str]
    failed: list[str]
    removed: list[str]
    seconds: float


def load_state(index: Path) -> dict[str, str]:
    """Fingerprints recorded by the last update, ``{}`` when missing or unreadable."""
    try:
        data = json.loads((index / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    shards = data.get("shards") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in shards.items()} if isinstance(shards, dict) else {}


def stale(shards: Iterable[Shard], index: Path, state: dict[str, str]) -> list[Shard]:
    """Shards whose recorded fingerprint differs or whose bundle is incomplete."""
    return [
        s
        for s in shards
        if state.get(s.name) != s.fingerprint
        or not (index / s.name / "pagefind-entry.json").exists()
    ]


def _stage(output: Path, shard: Shard, folder: Path) -> int:
    """Hard-link (or copy, across file systems) the shard's pages into ``folder``."""
    count = 0
    for rel in shard.pages:
        source = output / rel
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            log.warning("Indeks pencarian: halaman %s tidak ada di output, dilewati", rel)
            continue
        except OSError:
            shutil.copy2(source, target)
        count += 1
    return count


def _run(pagefind: Pagefind, jobs: list[tuple[Shard, Path, Path]]) -> dict[str, str]:
    """Run Pagefind for every job, ``workers`` at a time; error text per failed shard."""
    errors: dict[str, str] = {}
    pending = list(jobs)
    running: list[tuple[Shard, subprocess.Popen[str], float]] = []
    while pending or running:
        while pending and len(running) < max(1, pagefind.workers):
            shard, site, out = pending.pop(0)
            cmd = [pagefind.executable, "--site", str(site), "--output-path", str(out), "--silent"]
            try:
                proc = subprocess.Popen(
                    cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            except OSError as exc:
                errors[shard.name] = str(exc)
                continue
            running.append((shard, proc, time.monotonic() + pagefind.timeout))
        shard, proc, deadline = running.pop(0)
        try:
            _out, err = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            errors[shard.name] = f"lebih dari {pagefind.timeout:.0f} detik"
            continue
        if proc.returncode != 0:
            errors[shard.name] = err.strip() or f"kode keluar {proc.returncode}"
    return errors


def _write_state(index: Path, state: dict[str, str]) -> None:
    data = json.dumps({"shards": dict(sorted(state.items()))}, indent=1) + "\n"
    replace_if_changed(str(index / STATE), data.encode("utf-8"))


def update(output: Path, shards: list[Shard], pagefind: Pagefind) -> Report:
    """Bring ``output/pagefind`` in line with ``shards``; untouched when nothing changed."""
    start = time.monotonic()
    index = output / "pagefind"
    index.mkdir(parents=True, exist_ok=True)
    state = load_state(index)
    todo = stale(shards, index, state)
    wanted = {s.name for s in shards} | {STATE}
    removed = []
    for entry in sorted(index.iterdir()):
        if entry.name in wanted:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        if not entry.name.startswith("."):
            removed.append(entry.name)
    state = {k: v for k, v in state.items() if k in wanted}
    failed: list[str] = []
    if todo:
        staging = index / STAGING
        jobs = []
        for shard in todo:
            site = staging / shard.name
            if _stage(output, shard, site):
                jobs.append((shard, site, index / f"{NEW}{shard.name}"))
        errors = _run(pagefind, jobs)
        for shard, _site, new in jobs:
            if shard.name in errors:
                log.error(
                    "Indeks pencarian bagian %s gagal dibuat (indeks lama tetap dipakai): %s",
                    shard.name,
                    errors[shard.name],
                )
                failed.append(shard.name)
                shutil.rmtree(new, ignore_errors=True)
                continue
            old = index / shard.name
            if old.exists():
                os.replace(old, index / f"{NEW}old-{shard.name}")
            os.replace(new, old)
            shutil.rmtree(index / f"{NEW}old-{shard.name}", ignore_errors=True)
            state[shard.name] = shard.fingerprint
        shutil.rmtree(staging, ignore_errors=True)
    _write_state(index, state)
    indexed = [s.name for s in todo if s.name not in failed]
    return Report(indexed, failed, removed, time.monotonic() - start)
