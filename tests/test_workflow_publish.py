"""`invoke publish` as a dry run against local git repositories (a bare file:// remote stands in
for GitHub): ghp-import pushes the built site to the pages branch, the ledger is committed by the
bot, and nothing is half-published when a step fails."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from invoke import Collection, Context, task
from workflow import links
from workflow import publish as pub
from workflow.cli import check

from tests.conftest import ROOT, run_pelican
from tests.support.stories import write_story

IDENTITY = ["-c", "user.name=Redaksi", "-c", "user.email=redaksi@example.test"]


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


class Newsroom:
    """A clone of the site's repository with a bare remote, and the publish steps for it."""

    def __init__(self, tmp: Path, content_src: Path) -> None:
        self.remote = tmp / "remote.git"
        self.repo = tmp / "repo"
        self.output = tmp / "output"
        self.calls: list[str] = []
        git(tmp, "init", "-q", "--bare", "-b", "main", str(self.remote))
        self.repo.mkdir()
        git(self.repo, "init", "-q", "-b", "main")
        shutil.copytree(content_src, self.repo / "content")
        git(self.repo, "add", ".")
        git(self.repo, "commit", "-qm", "Konten awal")
        git(self.repo, "remote", "add", "origin", self.remote.as_uri())
        git(self.repo, "push", "-q", "origin", "main")

    def collection(self, *, with_websub: bool = True) -> Collection:
        @task
        def websub(c):
            self.calls.append("websub")

        @task
        def syndicate(c):
            self.calls.append("syndicate")
            ledger = self.repo / "syndication"
            ledger.mkdir(exist_ok=True)
            entry = {"story": "berita/2026/11/kerja-bakti-sunter-jaya", "channels": {}}
            (ledger / "berita__2026__11__kerja-bakti-sunter-jaya.json").write_text(
                json.dumps(entry), encoding="utf-8"
            )

        return Collection(syndicate, *([websub] if with_websub else []))

    def steps(
        self, collection: Collection, remote: str = "origin", max_mb: int = pub.PAGES_MAX_MB
    ) -> list[pub.Step]:
        content = self.repo / "content"

        def check_step():
            if check([], content=content, out=io.StringIO()):
                raise pub.StepError("konten punya kesalahan")

        def build():
            result = run_pelican(
                content,
                self.output,
                settings="publishconf.py",
                env={"SITEURL": "https://kabar.test"},
            )
            if result.returncode:
                raise pub.StepError(result.log)

        def links_step():
            if links.check_site(self.output, "https://kabar.test"):
                raise pub.StepError("tautan rusak")

        return pub.sequence(
            check=check_step,
            build=build,
            links=links_step,
            deploy=lambda: pub.deploy_pages(
                self.output,
                self.repo,
                remote=remote,
                cname="kabar.test",
                message="Terbitkan",
                max_mb=max_mb,
            ),
            deploy_label="ghp-import",
            ledger=lambda: pub.commit_ledger(self.repo, name="kabar-bot", email="bot@example.test"),
            collection=collection,
            context=Context(),
        )

    def remote_files(self, branch: str) -> list[str]:
        return git(self.remote, "ls-tree", "-r", "--name-only", branch).splitlines()

    def remote_has(self, branch: str) -> bool:
        refs = git(self.remote, "for-each-ref", "--format=%(refname)")
        return f"refs/heads/{branch}" in refs.splitlines()


@pytest.fixture
def newsroom(mini_content: Path, tmp_path: Path) -> Newsroom:
    write_story(mini_content)
    return Newsroom(tmp_path, mini_content)


def test_publish_deploys_pages_then_syndicates_and_commits_ledger(newsroom: Newsroom):
    out = io.StringIO()
    outcome = pub.run_steps(newsroom.steps(newsroom.collection()), out)
    assert outcome.ok, out.getvalue()
    assert outcome.done == [
        "check",
        "build",
        "check-links",
        "deploy",
        "websub",
        "syndicate",
        "ledger",
    ]
    files = newsroom.remote_files("gh-pages")
    assert {"index.html", ".nojekyll", "CNAME"} <= set(files)
    assert "berita/2026/11/20/kerja-bakti-sunter-jaya/index.html" in files
    assert git(newsroom.remote, "show", "gh-pages:CNAME") == "kabar.test"
    assert newsroom.calls == ["websub", "syndicate"]
    log = git(newsroom.remote, "log", "-1", "--format=%an|%s|%H", "main").split("|")
    assert log[0] == "kabar-bot" and log[1].startswith("Catat sindikasi")
    changed = git(newsroom.remote, "show", "--name-only", "--format=", "main")
    assert changed == "syndication/berita__2026__11__kerja-bakti-sunter-jaya.json"

    # The "Kinerja Publikasi" page (plugins/reach) is built from the ledger, so the next run
    # deploys the site once more with the new ledger (no ledger commit)...
    ledger_head = git(newsroom.remote, "rev-parse", "main")
    assert pub.run_steps(newsroom.steps(newsroom.collection()), io.StringIO()).ok
    assert git(newsroom.remote, "rev-parse", "main") == ledger_head
    # ...and a scheduled run with nothing new pushes no new pages commit and no ledger commit.
    before = git(newsroom.remote, "rev-parse", "gh-pages", "main")
    again = pub.run_steps(newsroom.steps(newsroom.collection()), io.StringIO())
    assert again.ok
    assert git(newsroom.remote, "rev-parse", "gh-pages", "main") == before


def test_failing_check_stops_deploy_and_syndication(newsroom: Newsroom):
    index = next((newsroom.repo / "content").rglob("index.md"))
    index.write_text(index.read_text(encoding="utf-8").replace("Sunter Jaya\n", "Lagoa\n", 1))
    out = io.StringIO()
    outcome = pub.run_steps(newsroom.steps(newsroom.collection()), out)
    assert outcome.failed == "check"
    assert outcome.not_run == ["build", "check-links", "deploy", "websub", "syndicate", "ledger"]
    assert not newsroom.remote_has("gh-pages")
    assert newsroom.calls == []
    assert not (newsroom.repo / "syndication").exists()
    assert "GAGAL di langkah check" in out.getvalue()


def test_failing_deploy_stops_syndication(newsroom: Newsroom, tmp_path: Path):
    git(newsroom.repo, "remote", "add", "hilang", (tmp_path / "tidak-ada.git").as_uri())
    outcome = pub.run_steps(newsroom.steps(newsroom.collection(), remote="hilang"), io.StringIO())
    assert outcome.failed == "deploy"
    assert newsroom.calls == []
    assert not newsroom.remote_has("gh-pages")


def test_site_too_large_for_github_pages_is_not_sent(newsroom: Newsroom):
    out = io.StringIO()
    outcome = pub.run_steps(newsroom.steps(newsroom.collection(), max_mb=0), out)
    assert outcome.failed == "deploy"
    assert newsroom.calls == []
    assert not newsroom.remote_has("gh-pages")
    assert "paling besar 0 MB" in out.getvalue()
    assert "--target rsync" in out.getvalue()
    # Every path counts, as in a checkout of the pages branch: a hard link adds its bytes again.
    photo = next(newsroom.output.rglob("*.webp"))
    before = pub.site_size(newsroom.output)
    os.link(photo, photo.with_name("salinan.webp"))
    assert pub.site_size(newsroom.output) == before + photo.stat().st_size


def test_missing_tasks_are_skipped_and_named(newsroom: Newsroom):
    out = io.StringIO()
    outcome = pub.run_steps(newsroom.steps(newsroom.collection(with_websub=False)), out)
    assert outcome.ok
    assert outcome.skipped == [("websub", "tugas `websub` belum ada di tasks.py")]
    assert "Dilewati: websub (tugas `websub` belum ada di tasks.py)" in out.getvalue()
    assert newsroom.calls == ["syndicate"]


def test_rsync_target_copies_the_site(tmp_path: Path):
    if shutil.which("rsync") is None:
        pytest.skip("rsync is installed by .ci/run")
    site = tmp_path / "output"
    (site / "berita").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Kabar</h1>", encoding="utf-8")
    (site / "berita" / "a.html").write_text("a", encoding="utf-8")
    target = tmp_path / "www"
    target.mkdir()
    (target / "basi.html").write_text("lama", encoding="utf-8")
    pub.deploy_rsync(site, f"{target}/")
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*.html")) == [
        "berita/a.html",
        "index.html",
    ]
    with pytest.raises(pub.StepError, match="PUBLISH_RSYNC_TARGET"):
        pub.deploy_rsync(site, "")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The project's files (sample stories replaced by one test story) in a new git repository
    whose `origin` is a bare file:// repository, as a newsroom machine would have it."""
    repo = tmp_path / "kabar"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if name.startswith(("content/berita/", "tests/")) or not source.is_file():
            continue
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, repo / name)
    (repo / "content" / "berita").mkdir(parents=True, exist_ok=True)
    write_story(repo / "content")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "remote.git")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Situs")
    git(repo, "remote", "add", "origin", (tmp_path / "remote.git").as_uri())
    return repo


class DeployCheckingHub(ThreadingHTTPServer):
    """A loopback WebSub hub that, at each ping, looks whether the pinged feed is already on
    the deployed pages branch of ``remote`` (the hub fetches the feed right after the ping)."""

    daemon_threads = True

    def __init__(self, remote: Path) -> None:
        super().__init__(("127.0.0.1", 0), DeployCheckingHubHandler)
        self.remote = remote
        self.pings: list[tuple[str, bool]] = []  # (feed URL, deployed before the ping)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hub"


class DeployCheckingHubHandler(BaseHTTPRequestHandler):
    server: DeployCheckingHub

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        feed = form["hub.url"][0]
        listed = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
            cwd=self.server.remote,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        path = feed.removeprefix("https://kabar.test/")
        self.server.pings.append((feed, form["hub.mode"] == ["publish"] and path in listed))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def invoke_publish(repo: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITEURL": "https://kabar.test", "PAGES_CNAME": "kabar.test", **extra}
    env.pop("OUTPUT_PATH", None)
    return subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_invoke_publish_end_to_end(clone: Path):
    """The real task: checks, builds with publishconf, deploys with ghp-import, names skips;
    the WebSub hub is pinged only once the feeds are deployed."""
    hub = DeployCheckingHub(clone.parent / "remote.git")
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    try:
        proc = invoke_publish(clone, WEBSUB_HUB_URL=hub.url)
    finally:
        hub.shutdown()
        hub.server_close()
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    remote = clone.parent / "remote.git"
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {"index.html", ".nojekyll", "CNAME"} <= set(files)
    assert "berita/2026/11/20/kerja-bakti-sunter-jaya/index.html" in files
    page = git(remote, "show", "gh-pages:berita/2026/11/20/kerja-bakti-sunter-jaya/index.html")
    assert "https://kabar.test/" in page  # built with publishconf.py and $SITEURL
    for step in ("check", "build", "check-links", "deploy", "ledger"):
        assert f"== {step}:" in log
    for step in ("websub", "syndicate"):
        if f"== {step}:" not in log:
            assert f"-- lewati {step}: tugas `{step}` belum ada di tasks.py" in log
    assert log.index("== deploy:") < log.index("== websub:") < log.index("== syndicate:")
    assert hub.pings and all(deployed for _feed, deployed in hub.pings), hub.pings
    assert "https://kabar.test/feeds/semua.atom.xml" in [feed for feed, _ in hub.pings]


def test_invoke_publish_with_a_broken_story_publishes_nothing(clone: Path):
    index = next((clone / "content" / "berita").rglob("index.md"))
    index.write_text(
        index.read_text(encoding="utf-8").replace("Kecamatan: Tanjung Priok", "Kecamatan: Bekasi")
    )
    proc = invoke_publish(clone)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log
    assert "index.md:5: Kecamatan: kecamatan 'Bekasi' tidak ada di Jakarta Utara" in log
    assert "GAGAL di langkah check" in log
    refs = git(clone.parent / "remote.git", "for-each-ref", "--format=%(refname)")
    assert "refs/heads/gh-pages" not in refs
    assert not (clone / "output").exists()


def test_ledger_commit_carries_written_back_stories_only(tmp_path: Path):
    repo = tmp_path / "repo"
    story = repo / "content" / "berita" / "2026" / "11" / "liputan" / "index.md"
    other = repo / "content" / "berita" / "2026" / "11" / "draf" / "index.md"
    for path in (story, other):
        path.parent.mkdir(parents=True)
        path.write_text("Title: x\nVideo: liputan.mp4\n\nIsi.\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "awal")
    story.write_text("Title: x\nVideo: https://youtu.be/AbCdEfGh123\n\nIsi.\n", encoding="utf-8")
    other.write_text("Title: draf yang belum selesai\n\nIsi.\n", encoding="utf-8")
    record = {
        "story": "berita/2026/11/liputan",
        "url": "https://kabar.test/x/",
        "channels": {
            "youtube": {"status": "posted", "written_back": story.relative_to(repo).as_posix()},
            "x": {"status": "posted", "written_back": "../luar.md"},
        },
    }
    (repo / "syndication").mkdir()
    (repo / "syndication" / "berita__2026__11__liputan.json").write_text(json.dumps(record))
    assert pub.commit_ledger(repo, push=False)
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert sorted(changed) == [
        "content/berita/2026/11/liputan/index.md",
        "syndication/berita__2026__11__liputan.json",
    ]
    assert "draf" in git(repo, "status", "--porcelain")  # the editor's work stays theirs
    assert not pub.commit_ledger(repo, push=False)  # nothing new: no empty commit
