"""Settings of the CMS plugin, read once with defaults (overridable by environment variables)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LOCAL_BACKEND_PORT = 8081
PROJECT_ROOT = Path(__file__).resolve().parents[2]


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
        backend = dict(settings.get("CMS_BACKEND") or {"name": "github", "branch": "main"})
        repo = os.environ.get("CMS_GITHUB_REPO")
        if repo:
            backend["repo"] = repo
        if os.environ.get("CMS_OAUTH_BASE_URL"):
            backend["base_url"] = os.environ["CMS_OAUTH_BASE_URL"]
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
