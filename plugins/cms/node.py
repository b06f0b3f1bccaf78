"""Install the pinned npm packages and run the local git proxy (decap-server).

Used by `invoke cms` and by the tests.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

NPM_TIMEOUT = 600  # seconds; npm ci of ~730 packages takes about a minute with a warm cache


class NodeMissingError(RuntimeError):
    """node or npm is not installed."""


def npm_install(project: Path, timeout: int = NPM_TIMEOUT) -> bool:
    """``npm ci`` in ``project`` unless node_modules already matches package-lock.json.

    Returns True when it installed. Raises NodeMissingError without node/npm and
    CalledProcessError/TimeoutExpired when npm fails.
    """
    if not (shutil.which("node") and shutil.which("npm")):
        raise NodeMissingError(
            "node dan npm dibutuhkan untuk CMS: pasang Node.js 20 (apt-get install nodejs npm)"
        )
    stamp = project / "node_modules" / ".package-lock.json"
    lock = project / "package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return False
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd=project,
        check=True,
        timeout=timeout,
    )
    return True


def start_proxy(project: Path, repo: Path, port: int, host: str = "127.0.0.1") -> subprocess.Popen:
    """Start decap-server in git mode against the working copy ``repo`` on ``host:port``."""
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(port),
        "BIND_HOST": host,
        "LOG_LEVEL": os.environ.get("CMS_LOG_LEVEL", "warn"),
    }
    script = project / "node_modules" / "decap-server" / "dist" / "index.js"
    return subprocess.Popen(["node", str(script)], cwd=project, env=env)
