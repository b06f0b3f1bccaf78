"""Settings of the CMS plugin, read once with defaults (overridable by environment variables)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LOCAL_BACKEND_PORT = 8081
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Backend key -> environment variables, first non-empty wins.
BACKEND_ENV = {
    "repo": ("CMS_GITHUB_REPO", "GITHUB_REPOSITORY"),
    "branch": ("CMS_GITHUB_BRANCH",),
    "base_url": ("CMS_OAUTH_BASE_URL",),
    "auth_endpoint": ("CMS_OAUTH_AUTH_ENDPOINT",),
}


def github_backend(base: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """The production backend: ``CMS_BACKEND`` completed from the environment.

    repo: ``CMS_GITHUB_REPO``, else ``GITHUB_REPOSITORY`` (set by GitHub Actions for the repository
    being built); branch: ``CMS_GITHUB_BRANCH`` (default main); OAuth proxy: ``CMS_OAUTH_BASE_URL``
    and ``CMS_OAUTH_AUTH_ENDPOINT``. Empty variables are ignored.
    """
    backend = {"name": "github", "branch": "main", **base}
    for key, names in BACKEND_ENV.items():
        value = next((env[n].strip() for n in names if env.get(n, "").strip()), "")
        if value:
            backend[key] = value
    return backend


@dataclass(frozen=True)
class CmsSettings:
    """Where the bundle comes from, where /admin/ goes and which git backend the CMS talks to."""

    enabled: bool
    node_modules: Path
    admin_dir: str
    site_css: str
    backend: dict[str, Any]
    local_backend_url: str
    publish_mode: str
    media_folder: str

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> CmsSettings:
        port = os.environ.get("CMS_LOCAL_BACKEND_PORT", str(DEFAULT_LOCAL_BACKEND_PORT))
        backend = github_backend(settings.get("CMS_BACKEND") or {}, os.environ)
        return cls(
            enabled=bool(settings.get("CMS_ENABLED", True))
            and os.environ.get("CMS_ENABLED", "1") != "0",
            node_modules=Path(
                settings.get("CMS_NODE_MODULES") or PROJECT_ROOT / "cms" / "node_modules"
            ),
            admin_dir=settings.get("CMS_ADMIN_DIR", "admin"),
            site_css=settings.get("CMS_SITE_CSS", "theme/css/site.css"),
            backend=backend,
            local_backend_url=settings.get("CMS_LOCAL_BACKEND_URL")
            or f"http://127.0.0.1:{port}/api/v1",
            publish_mode=settings.get("CMS_PUBLISH_MODE", "editorial_workflow"),
            media_folder=settings.get("CMS_MEDIA_FOLDER", "content/static/cms"),
        )
