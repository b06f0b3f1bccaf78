"""Shared fixtures: real Pelican builds of the sample site and of small temporary sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


@dataclass
class Build:
    """The result of one `pelican` run."""

    returncode: int
    output: Path
    log: str

    def page(self, url: str) -> str:
        """The HTML written for a site URL like ``/berita/2026/11/20/slug/``."""
        path = self.output / url.strip("/")
        if url.endswith("/") or not path.suffix:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*") if p.is_file())


def run_pelican(
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    extra: list[str] | None = None,
    env: dict[str, str] | None = None,
    *,
    strict: bool = False,
) -> Build:
    """Build ``content`` with the project's settings, theme and plugins, as staff would.

    ``strict`` makes any warning fatal (the sample content must build without one).
    """
    cmd = [
        sys.executable, "-m", "pelican", str(content),
        "-s", str(ROOT / settings), "-o", str(output),
        "-t", str(ROOT / "theme"),
        "--log-handler", "plain",
        *(["--fatal", "warnings"] if strict else []),
        "-e", f'PLUGIN_PATHS=["{ROOT / "plugins"}"]',
        f'CACHE_PATH="{output.parent / "cache"}"',
        *(extra or []),
    ]  # fmt: skip
    full_env = {**os.environ, "COLUMNS": "250", **(env or {})}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=full_env, check=False)
    return Build(proc.returncode, output, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample content built once with pelicanconf.py."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = run_pelican(ROOT / "content", out, strict=True)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample content built once with publishconf.py."""
    out = tmp_path_factory.mktemp("prod") / "output"
    build = run_pelican(
        ROOT / "content",
        out,
        settings="publishconf.py",
        # GITHUB_REPOSITORY as GitHub Actions sets it (the CMS backend repo, plugins/cms).
        env={"SITEURL": "https://kabar.test", "GITHUB_REPOSITORY": "kominfotik-ju/kabar-uji"},
        strict=True,
    )
    assert build.returncode == 0, build.log
    return build


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    """An empty content folder with the project's data files, ready for test stories."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "berita").mkdir()
    (content / "halaman").mkdir()
    return content


# --- CMS (plugins/cms) ---
@pytest.fixture(scope="session", autouse=True)
def cms_bundle() -> Path | None:
    """Install the pinned Decap CMS (npm ci, bounded) so every build writes /admin/.

    Without node/npm the CMS is switched off for the test builds (they stay warning-free) and
    the CMS tests skip with the reason.
    """
    from cms.node import NodeMissingError, npm_install  # noqa: PLC0415

    try:
        npm_install(ROOT / "cms")
    except NodeMissingError:
        os.environ["CMS_ENABLED"] = "0"
        return None
    return ROOT / "cms" / "node_modules"
