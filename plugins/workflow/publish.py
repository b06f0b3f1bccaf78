"""``invoke publish``: check → production build → link check → deploy → WebSub → syndicate →
commit the syndication ledger, stopping at the first failure.

The ledger commit also carries the stories a channel rewrote after posting (YouTube writes the
uploaded video's id into ``Video:``). That commit is ``[skip ci]``: the next scheduled run (at
most 15 minutes later) builds the story again, and its page then embeds the video.

Nothing is half-published: when checks or the build fail nothing is deployed or syndicated, and
when the deploy fails nothing is syndicated. Steps whose task lives on another branch (``websub``,
``syndicate``) run only when that task exists in the invoke collection; the report says which
steps were skipped and why.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from invoke.exceptions import Failure

logger = logging.getLogger(__name__)

LEDGER_FOLDER = "syndication"
#: GitHub Pages publishes no site larger than 1 GB (its documented limit); ``PAGES_MAX_MB``
#: changes the figure for another host.
PAGES_MAX_MB = 1024


class StepError(RuntimeError):
    """A publishing step failed; the message says what to do, in Indonesian."""


@dataclass(frozen=True)
class Step:
    """One step of the sequence: ``run`` is None when the step is not available here."""

    name: str
    label: str
    run: Callable[[], Any] | None
    missing: str = ""


@dataclass
class Outcome:
    """What happened to each step."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: str = ""
    not_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_task(collection: Any, name: str) -> Any | None:
    """The task called ``name`` in an invoke collection, or None if this branch has none."""
    try:
        return collection[name]
    except (KeyError, ValueError):
        return None


def run_steps(steps: list[Step], out: TextIO = sys.stdout) -> Outcome:
    """Run ``steps`` in order, stopping at the first failure; print a clear summary."""
    outcome = Outcome()
    for index, step in enumerate(steps):
        if step.run is None:
            outcome.skipped.append((step.name, step.missing))
            out.write(f"-- lewati {step.name}: {step.missing}\n")
            continue
        out.write(f"== {step.name}: {step.label}\n")
        out.flush()
        try:
            step.run()
        except (StepError, Failure, subprocess.CalledProcessError, OSError) as exc:
            outcome.failed = step.name
            outcome.not_run = [s.name for s in steps[index + 1 :]]
            out.write(f"!! {step.name} gagal: {exc}\n")
            break
        except SystemExit as exc:  # Pelican and the checker stop with SystemExit
            if exc.code in (0, None):
                outcome.done.append(step.name)
                continue
            outcome.failed = step.name
            outcome.not_run = [s.name for s in steps[index + 1 :]]
            out.write(f"!! {step.name} gagal (status {exc.code})\n")
            break
        outcome.done.append(step.name)
    _summary(outcome, out)
    return outcome


def _summary(outcome: Outcome, out: TextIO) -> None:
    out.write(f"Selesai: {', '.join(outcome.done) or '-'}\n")
    if outcome.skipped:
        skipped = ", ".join(f"{name} ({why})" for name, why in outcome.skipped)
        out.write(f"Dilewati: {skipped}\n")
    if outcome.failed:
        out.write(
            f"GAGAL di langkah {outcome.failed}; tidak dijalankan: "
            f"{', '.join(outcome.not_run) or '-'}. Tidak ada yang terbit setengah jalan.\n"
        )


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``repo``; a failure raises :class:`StepError` with git's own message."""
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise StepError(f"git {' '.join(args)}: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def _ghp_import() -> str:
    found = shutil.which("ghp-import") or str(Path(sys.executable).parent / "ghp-import")
    return found


def site_size(output: Path) -> int:
    """Bytes the host stores for ``output``: every path counts (a checkout of the pages
    branch has a file per path, even where the build hard-linked one file to many)."""
    total = 0
    for folder, _dirs, names in os.walk(output):
        for name in names:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


def deploy_pages(
    output: Path,
    repo: Path,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    cname: str = "",
    message: str = "Terbitkan situs",
    max_mb: int = PAGES_MAX_MB,
) -> bool:
    """Commit ``output`` to the pages branch with ghp-import and push it; False if unchanged.

    The branch is first brought up to date from the remote, so each publication is one commit
    on top of the last (a scheduled run that changes nothing pushes nothing). A site larger
    than ``max_mb`` is refused before anything is sent (the host would not publish it).
    """
    if not (output / "index.html").is_file():
        raise StepError(f"{output}/index.html tidak ada — bangun situs dulu")
    size_mb = site_size(output) / 1024 / 1024
    if size_mb > max_mb:
        raise StepError(
            f"{output} berukuran {size_mb:.0f} MB, padahal GitHub Pages menerbitkan situs paling "
            f"besar {max_mb} MB — terbitkan ke server sendiri dengan `invoke publish --target "
            "rsync` (PUBLISH_RSYNC_TARGET), atau ubah PAGES_MAX_MB bila hosting lain mengizinkan"
        )
    shallow = git(repo, "rev-parse", "--is-shallow-repository", check=False).stdout.strip()
    depth = ["--depth=1"] if shallow == "true" else []
    fetched = git(
        repo, "fetch", *depth, remote, f"+refs/heads/{branch}:refs/heads/{branch}", check=False
    )
    if fetched.returncode != 0 and "couldn't find remote ref" not in fetched.stderr:
        raise StepError(f"tidak bisa mengambil cabang {branch} dari {remote}: {fetched.stderr}")
    cmd = [_ghp_import(), "--no-jekyll", "--branch", branch, "--message", message]
    if cname:
        cmd += ["--cname", cname]
    proc = subprocess.run(
        [*cmd, str(output)], cwd=repo, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise StepError(f"ghp-import gagal: {proc.stderr.strip()}")
    tree = git(repo, "rev-parse", f"{branch}^{{tree}}").stdout.strip()
    parent = git(repo, "rev-parse", "--verify", "--quiet", f"{branch}~1^{{tree}}", check=False)
    if parent.returncode == 0 and parent.stdout.strip() == tree:
        git(repo, "update-ref", f"refs/heads/{branch}", f"{branch}~1")
        logger.info("Situs tidak berubah: tidak ada yang dikirim ke %s", branch)
        return False
    git(repo, "push", remote, f"refs/heads/{branch}:refs/heads/{branch}")
    return True


def deploy_rsync(output: Path, target: str, *, extra: str = "") -> None:
    """Copy ``output`` to any static host with rsync (``user@host:/var/www/kabar/``)."""
    if not target:
        raise StepError("PUBLISH_RSYNC_TARGET belum diisi, mis. user@server:/var/www/kabar/")
    if not (output / "index.html").is_file():
        raise StepError(f"{output}/index.html tidak ada — bangun situs dulu")
    cmd = [
        "rsync",
        "--recursive",
        "--times",
        "--compress",
        "--delete",
        "--delay-updates",
        *shlex.split(extra),
        f"{output}/",
        target,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise StepError(f"rsync gagal ({proc.returncode}): {proc.stderr.strip()}")


def written_back(repo: Path, folder: str = LEDGER_FOLDER) -> list[str]:
    """Story files a channel rewrote after posting (the YouTube video id in ``Video:``), as
    recorded under ``written_back`` in the ledger; only existing files inside ``repo``."""
    found: set[str] = set()
    for path in sorted((repo / folder).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the syndication step reports broken ledger files itself
        for entry in (record.get("channels") or {}).values():
            name = entry.get("written_back") if isinstance(entry, dict) else None
            if not name or Path(name).is_absolute() or ".." in Path(name).parts:
                continue
            if (repo / name).is_file():
                found.add(name)
    return sorted(found)


def commit_ledger(
    repo: Path,
    *,
    folder: str = LEDGER_FOLDER,
    name: str = "kabar-bot",
    email: str = "kabar-bot@users.noreply.github.com",
    message: str = "Catat sindikasi [skip ci]",
    remote: str = "origin",
    push: bool = True,
    attempts: int = 3,
) -> bool:
    """Commit the syndication ledger — and the stories a channel wrote a remote id back into
    (see :func:`written_back`) — with a bot identity and push it; False if unchanged."""
    if not (repo / folder).is_dir():
        return False
    paths = [folder, *written_back(repo, folder)]
    git(repo, "add", "--all", "--", *paths)
    if git(repo, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
        return False
    identity = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    git(repo, *identity, "commit", "--quiet", "-m", message, "--", *paths)
    if not push:
        return True
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    if branch == "HEAD":  # detached checkout (CI): the branch the run was started for
        branch = os.environ.get("GITHUB_REF_NAME", "")
        if not branch:
            raise StepError("HEAD tidak berada di cabang; buku sindikasi tidak bisa dikirim")
    for attempt in range(1, attempts + 1):
        if git(repo, "push", remote, f"HEAD:{branch}", check=False).returncode == 0:
            return True
        logger.warning("Push buku sindikasi ditolak (percobaan %d); ambil perubahan lain", attempt)
        git(repo, *identity, "pull", "--rebase", "--quiet", remote, branch)
    raise StepError(f"buku sindikasi tidak bisa dikirim ke {remote}/{branch}")


def env_flag(name: str, default: bool = True) -> bool:
    """A yes/no environment variable (``0``, ``no``, ``tidak``, ``false`` mean no)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("0", "no", "tidak", "false", "off", "")


def sequence(
    *,
    check: Callable[[], Any],
    build: Callable[[], Any],
    links: Callable[[], Any],
    deploy: Callable[[], Any],
    deploy_label: str,
    ledger: Callable[[], Any],
    collection: Any,
    context: Any,
) -> list[Step]:
    """The publishing steps in order; ``websub``/``syndicate`` come from the task collection."""

    def optional(name: str, label: str) -> Step:
        task = find_task(collection, name)
        if task is None:
            return Step(name, label, None, missing=f"tugas `{name}` belum ada di tasks.py")
        return Step(name, label, lambda: task(context))

    return [
        Step("check", "periksa konten", check),
        Step("build", "bangun versi produksi (publishconf.py)", build),
        Step("check-links", "periksa tautan dan gambar di dalam situs", links),
        Step("deploy", deploy_label, deploy),
        optional("websub", "kabari hub WebSub bahwa feed berubah"),
        optional("syndicate", "kirim berita baru ke media sosial"),
        Step("ledger", "simpan buku sindikasi (syndication/) ke git", ledger),
    ]
