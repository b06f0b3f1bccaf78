"""Write ``admin/`` into the output at the end of a build (the only I/O of the plugin)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsroom.config import DEFAULT_RUBRIK
from newsroom.wilayah import Wilayah, load_wilayah
from reach.agenda import AGENDA_FIELDS
from reach.scaffold import agenda_text
from stable_output import replace_if_changed

from .config import agenda_fields, build_config, collections, story_fields, to_yaml, unit_names
from .settings import CmsSettings

logger = logging.getLogger(__name__)

ASSETS = Path(__file__).parent / "admin"
BUNDLE = "decap-cms.js"
#: Our own scripts, loaded after the bundle in this order.
SCRIPTS = ("locale-id.js", "newsroom.js", "agenda.js")
#: Placeholder instant for the agenda template (every value is replaced when the CMS saves).
TEMPLATE_TIME = datetime(2000, 1, 1, tzinfo=UTC)


def bundle_files(node_modules: Path) -> list[Path]:
    """The prebuilt Decap bundle and its lazily loaded chunks (no source maps)."""
    dist = node_modules / "decap-cms" / "dist"
    if not (dist / BUNDLE).is_file():
        return []
    return [dist / BUNDLE, *sorted(dist.glob(f"*.{BUNDLE}"))]


def admin_config(settings: dict[str, Any], cms: CmsSettings) -> dict[str, Any]:
    content = Path(settings["PATH"])
    wilayah = load_wilayah(content / "data" / "wilayah.toml")
    units = unit_names(content / "data" / "unit.toml", wilayah)
    story = story_fields(
        rubrik=list(settings.get("NEWSROOM_RUBRIK", DEFAULT_RUBRIK)),
        wilayah=wilayah,
        units=units,
        channels=list(settings.get("NEWSROOM_CHANNELS", [])),
        summary_max=int(settings.get("NEWSROOM_SUMMARY_MAX", 200)),
    )
    return build_config(
        backend=cms.backend,
        local_backend_url=cms.local_backend_url,
        publish_mode=cms.publish_mode,
        media_folder=cms.media_folder,
        site_url=settings.get("SITEURL", ""),
        collections=collections(story, agenda_fields(wilayah, units, AGENDA_FIELDS)),
    )


def agenda_template(wilayah: Wilayah) -> str:
    """What `invoke agenda-new` writes, as the CMS's starting text for a new agenda item."""
    return agenda_text(
        title="",
        start=TEMPLATE_TIME,
        end=TEMPLATE_TIME,
        now=TEMPLATE_TIME,
        kecamatan_choices=wilayah.kecamatan_names(),
    )


def admin_page(settings: dict[str, Any], cms: CmsSettings) -> str:
    """index.html with the site CSS, the site name and the agenda template filled in."""
    site_url = settings.get("SITEURL", "")
    wilayah = load_wilayah(Path(settings["PATH"]) / "data" / "wilayah.toml")
    template = json.dumps(agenda_template(wilayah), ensure_ascii=False).replace("<", "\\u003c")
    index = (ASSETS / "index.html").read_text(encoding="utf-8")
    index = index.replace("{{ SITE_CSS }}", f"{site_url}/{cms.site_css}")
    index = index.replace("{{ SITENAME }}", settings.get("SITENAME", ""))
    return index.replace("{{ AGENDA_TEMPLATE }}", template)


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
    replace_if_changed(str(target / "index.html"), admin_page(settings, cms).encode("utf-8"))
    for name in SCRIPTS:
        replace_if_changed(str(target / name), (ASSETS / name).read_bytes())
    if cms.backend.get("name") == "github" and not cms.backend.get("repo"):
        # Not a warning: development and test builds have no repository and need none
        # (`make cms` uses the local backend). /admin/ itself names the missing setting.
        logger.info(
            "CMS: repositori GitHub belum diatur (CMS_GITHUB_REPO atau GITHUB_REPOSITORY); "
            "/%s/ hanya bisa menyimpan lewat `make cms`.",
            cms.admin_dir,
        )
    config = to_yaml(admin_config(settings, cms))
    replace_if_changed(str(target / "config.yml"), config.encode("utf-8"))
    logger.info("CMS: /%s/ ditulis (%d berkas bundel)", cms.admin_dir, len(files))
