"""Write ``admin/`` into the output at the end of a build (the only I/O of the plugin)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from newsroom.config import DEFAULT_RUBRIK
from newsroom.wilayah import load_wilayah
from stable_output import replace_if_changed

from .config import build_config, story_fields, to_yaml, unit_names
from .settings import CmsSettings

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).parent / "admin"
BUNDLE = "decap-cms.js"


def bundle_files(node_modules: Path) -> list[Path]:
    """The prebuilt Decap bundle and its lazily loaded chunks (no source maps)."""
    dist = node_modules / "decap-cms" / "dist"
    if not (dist / BUNDLE).is_file():
        return []
    return [dist / BUNDLE, *sorted(dist.glob(f"*.{BUNDLE}"))]


def admin_config(settings: dict[str, Any], cms: CmsSettings) -> dict[str, Any]:
    content = Path(settings["PATH"])
    wilayah = load_wilayah(content / "data" / "wilayah.toml")
    fields = story_fields(
        rubrik=list(settings.get("NEWSROOM_RUBRIK", DEFAULT_RUBRIK)),
        wilayah=wilayah,
        units=unit_names(content / "data" / "unit.toml", wilayah),
        channels=list(settings.get("NEWSROOM_CHANNELS", [])),
        summary_max=int(settings.get("NEWSROOM_SUMMARY_MAX", 200)),
    )
    return build_config(
        backend=cms.backend,
        local_backend_url=cms.local_backend_url,
        publish_mode=cms.publish_mode,
        media_folder=cms.media_folder,
        site_url=settings.get("SITEURL", ""),
        fields=fields,
    )


def write_admin(pelican: Any) -> None:
    """``finalized`` handler: copy the bundle and write index.html, newsroom.js, config.yml."""
    settings = pelican.settings
    cms = CmsSettings.from_settings(settings)
    if not cms.enabled:
        return
    files = bundle_files(cms.node_modules)
    if not files:
        logger.warning(
            "CMS: %s tidak ditemukan, /admin/ dilewati. Jalankan `invoke cms` (npm ci di cms/) "
            "untuk memasang Decap CMS.",
            cms.node_modules / "decap-cms" / "dist" / BUNDLE,
        )
        return
    target = Path(pelican.output_path) / cms.admin_dir
    target.mkdir(parents=True, exist_ok=True)
    # Unchanged files are left alone (stable mtimes: rsync and caches see no change).
    for source in files:
        replace_if_changed(str(target / source.name), source.read_bytes())
    site_url = settings.get("SITEURL", "")
    index = (ASSETS / "index.html").read_text(encoding="utf-8")
    index = index.replace("{{ SITE_CSS }}", f"{site_url}/{cms.site_css}")
    index = index.replace("{{ SITENAME }}", settings.get("SITENAME", ""))
    replace_if_changed(str(target / "index.html"), index.encode("utf-8"))
    replace_if_changed(str(target / "newsroom.js"), (ASSETS / "newsroom.js").read_bytes())
    config = to_yaml(admin_config(settings, cms))
    replace_if_changed(str(target / "config.yml"), config.encode("utf-8"))
    logger.info("CMS: /%s/ ditulis (%d berkas bundel)", cms.admin_dir, len(files))
