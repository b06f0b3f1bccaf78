"""Pelican settings for Kabar Jakarta Utara (local development; see publishconf.py for production)."""

import os
import sys

AUTHOR = "Sudin Kominfotik Jakarta Utara"
SITENAME = "Kabar Jakarta Utara"
SITESUBTITLE = "Berita kegiatan Pemerintah Kota Administrasi Jakarta Utara"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
LOCALE = ("C.UTF-8", "C")  # dates come from Babel (plugins/newsroom/dates.py), not the locale

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# A build whose inputs did not change since the last complete build returns at once
# (plugins/stable_output/uptodate.py); the plugins folder must be importable to name the class.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins"))
PELICAN_CLASS = "stable_output.UpToDatePelican"
PLUGINS = ["newsroom", "stable_output"]
READERS = {"rst": None, "html": None, "htm": None}  # stories and pages are Markdown only

# --- Content model --------------------------------------------------------------------------
# One folder per story: content/berita/YYYY/MM/<slug>/index.md plus its photos.
ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["halaman"]
STATIC_PATHS = ["berita", "static"]
STATIC_EXCLUDE_SOURCES = True
IGNORE_FILES = [".#*", "*~", "*.swp", ".DS_Store", "Thumbs.db"]
PATH_METADATA = r"berita/\d{4}/\d{2}/(?P<slug>[^/]+)/index\.md"
FORMATTED_FIELDS = []  # Summary is plain text
DEFAULT_DATE = None
WITH_FUTURE_DATES = False  # a story dated in the future waits until its time


def newest_first(article):
    """Sort key: the newest story first; stories of the same minute by their file, so every
    build — an incremental one and a clean one alike — lists them in the same order (Pelican's
    ``reversed-date`` leaves them in the order the files were found, which changes per run)."""
    return (-article.date.timestamp(), article.source_path)


ARTICLE_ORDER_BY = newest_first
# The same folder name may be reused in another month; stories are never "translations".
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
NEWSROOM_RUBRIK = [
    "Pemerintahan",
    "Pembangunan",
    "Kesehatan",
    "Pendidikan",
    "Lingkungan",
    "Sosial",
    "Ekonomi",
    "Budaya & Olahraga",
    "Ketenteraman & Ketertiban",
    "Layanan Publik",
]
NEWSROOM_CHANNELS = ["facebook", "x", "instagram", "youtube", "telegram", "email", "webhook"]
NEWSROOM_SUMMARY_MAX = 200

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- URLs: clean, stable, collision-free ------------------------------------------------------
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL + "{lang}/"
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL + "index.html"
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""  # drafts are never written
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = PAGE_LANG_URL + "index.html"
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "rubrik/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "rubrik/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "topik/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "penulis/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "penulis/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
KECAMATAN_URL = "wilayah/{slug}/"
KECAMATAN_SAVE_AS = KECAMATAN_URL + "index.html"
KELURAHAN_URL = "wilayah/{kecamatan}/{slug}/"
KELURAHAN_SAVE_AS = KELURAHAN_URL + "index.html"
WILAYAH_URL = "wilayah/"
WILAYAH_SAVE_AS = WILAYAH_URL + "index.html"
UNIT_URL = "unit/{slug}/"
UNIT_SAVE_AS = UNIT_URL + "index.html"
UNITS_URL = "unit/"
UNITS_SAVE_AS = UNITS_URL + "index.html"
ARCHIVES_URL = "arsip/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "arsip/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "arsip/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
TEMPLATE_PAGES = {"robots.txt": "robots.txt"}

# Pagination: /rubrik/kesehatan/page/2/ (never Pelican's {name}{number}.html, which collides).
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "author": None,
    "period_archives": None,
    "kecamatan": None,
    "kelurahan": None,
    "unit": None,
}
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]

# --- Pelican's own feeds stay off: plugins/feeds writes them (production builds only) ---
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme ------------------------------------------------------------------------------------
# Templates do not change during a build: no file check on every include (`pelican -r` makes
# new environments for each rebuild, so edits are still picked up).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}
RELATIVE_URLS = False
SOCIAL_ACCOUNTS = [
    {
        "id": "facebook",
        "name": "Facebook",
        "handle": "@kominfotikjakut",
        "label": "Kominfotik JU",
        "url": "https://www.facebook.com/kominfotikjakut",
    },
    {
        "id": "x",
        "name": "X",
        "handle": "@kominfotikJU",
        "label": "Kominfotik Jakut",
        "url": "https://x.com/kominfotikJU",
    },
    {
        "id": "instagram",
        "name": "Instagram",
        "handle": "@kominfotik_ju",
        "label": "Sudin Kominfotik Jakarta Utara",
        "url": "https://www.instagram.com/kominfotik_ju/",
    },
    {
        "id": "youtube",
        "name": "YouTube",
        "handle": "KOMINFOTIK JU",
        "label": "KOMINFOTIK JU",
        "url": "https://www.youtube.com/@kominfotikju",
    },
]
MENU_PAGES = ["tentang-kami", "ikuti-kami", "kontak"]

# Local development: keep the last good output when content has errors.
DELETE_OUTPUT_DIRECTORY = False
NEWSROOM_CLEAN_OUTPUT = False
CACHE_PATH = os.environ.get("PELICAN_CACHE_PATH", ".cache/pelican")

# --- Feeds (plugins/feeds) ---
# Atom/RSS/JSON feeds, partner feed, sitemaps and page metadata. Feeds and sitemaps need an
# absolute SITEURL, so they are only written by production builds (publishconf.py).
PLUGINS += ["feeds"]
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
FEEDS_MAX_ITEMS = 50
FEEDS_PUBLISHER = "Suku Dinas Komunikasi, Informatika dan Statistik Kota Administrasi Jakarta Utara"
FEEDS_WEBSUB_HUB = os.environ.get("WEBSUB_HUB_URL", "https://pubsubhubbub.appspot.com/")
FEEDS_LOGO = "img/logo.png"  # in theme/static/
FEEDS_SITEMAP_MAX_URLS = 50_000
FEEDS_NEWS_SITEMAP_DAYS = 2
TEMPLATE_PAGES = {**TEMPLATE_PAGES, "feed-mitra.html": "feed-mitra/index.html"}

# --- Reach: agenda, Ikuti Kami kit, Kinerja Publikasi (plugins/reach) ---------------------------
PLUGINS += ["reach"]
# Telegram channel for "Ikuti Kami" (change the handle/url here if the channel is renamed).
if not any(a["id"] == "telegram" for a in SOCIAL_ACCOUNTS):
    SOCIAL_ACCOUNTS.append(
        {
            "id": "telegram",
            "name": "Telegram",
            "handle": os.environ.get("REACH_TELEGRAM_HANDLE", "@kominfotikju"),
            "label": "Kabar Jakarta Utara",
            "url": os.environ.get("REACH_TELEGRAM_URL", "https://t.me/kominfotikju"),
        }
    )
REACH_AGENDA_HOME_ITEMS = 5  # agenda items on the home page
REACH_HEATMAP_WEEKS = 26  # weeks shown in the "berita per hari" calendar
REACH_UID_DOMAIN = "kabar.utara.jakarta.go.id"  # iCalendar UIDs; never change once published
REACH_FOLLOW_SLUG = "ikuti-kami"
REACH_ACCOUNT_POSTS = {}  # override what the kit says is posted on each account, by account id


# --- Media pipeline (plugins/media) ---
PLUGINS += ["media"]
NEWSROOM_PUBLISH_ORIGINALS = False  # only derivatives are published, never camera originals
# Story folders then hold nothing to copy as is (no walk over every photo of the archive):
# only the "static" folder is. Without plugins/media, STATIC_PATHS above publishes the photos.
STATIC_PATHS = ["static"]
MEDIA_CACHE_PATH = os.environ.get("MEDIA_CACHE_PATH", ".cache/media")
MEDIA_WIDTHS = (480, 960, 1600)
# ("avif", "webp", "jpeg") adds AVIF (skipped when Pillow lacks it); worth it only with
# MEDIA_AVIF_SPEED = 6 or slower — faster AVIF came out larger than WebP (README, Foto dan video).
MEDIA_FORMATS = ("webp", "jpeg")
MEDIA_LEAD_MIN_EDGE = 1200  # longest side of the lead photo, in pixels
MEDIA_MAX_MB = 50
MEDIA_MAX_MEGAPIXELS = 100
MEDIA_WORKERS = 0  # 0 = all cores
MEDIA_BRAND_MARK = ""  # e.g. "theme/static/img/logo-kecil.png" on social crops; empty = off
MEDIA_VIDEO_MAX_MB = 4096
MEDIA_PUBLISH_VIDEO = False  # local video files stay out of output/ (kept for YouTube upload)

# --- News theme (plugins/theme_context) ---
# UI strings: plugins/theme_context/strings.py. Colours override the CSS variables of
# theme/static/css/site.css, e.g. {"brand": "#0b4f8a"}; THEME_LOGO is a path under output/.
PLUGINS += ["theme_context"]
THEME_LOGO = ""
THEME_COLORS = {}
THEME_RELATED_COUNT = 4
THEME_VIDEO_COUNT = 4
THEME_HOME_KECAMATAN_COUNT = 3
THEME_SEARCH = True  # Pagefind search index (plugins/search_index, output/pagefind/)
TEMPLATE_PAGES = {**TEMPLATE_PAGES, "search.html": "cari/index.html"}

# --- Syndication (plugins/syndication) ---------------------------------------------------------
# Channels the engine posts to (credentials: SYNDICATION_<CHANNEL>_* environment variables, see
# .env.example). Without credentials a channel writes its would-be requests to outbox/.
PLUGINS += ["syndication"]
SYNDICATION_CHANNELS = ["facebook", "x"]
SYNDICATION_OPTIONS = {
    "facebook": {"photos": False, "hashtags_from": ["kecamatan", "tags"], "max_hashtags": 4},
    "x": {
        "link": "post",
        "hashtags_from": ["kecamatan"],
        "max_hashtags": 2,
        "handle": "kominfotikJU",
    },
}
SYNDICATION_LEDGER_PATH = "syndication"
SYNDICATION_STORIES_PATH = ".cache/syndication/stories.json"
SYNDICATION_OUTBOX_PATH = "outbox"

# --- CMS (plugins/cms) ---
# /admin/: Decap CMS built from cms/node_modules (`invoke cms` installs it); config.yml is
# generated from NEWSROOM_RUBRIK, NEWSROOM_CHANNELS and content/data at every build.
PLUGINS += ["cms"]
CMS_ADMIN_DIR = "admin"
CMS_PUBLISH_MODE = "editorial_workflow"
# Production backend: GitHub through an OAuth proxy (README, "Redaksi lewat peramban"). The repo
# comes from CMS_GITHUB_REPO or, on GitHub Actions, GITHUB_REPOSITORY; the proxy from
# CMS_OAUTH_BASE_URL. No secret lives here.
CMS_BACKEND = {"name": "github", "branch": "main"}

# --- Instagram + Telegram (plugins/syndication/channels/instagram.py, telegram.py) ---
# Credentials: SYNDICATION_INSTAGRAM_* / SYNDICATION_TELEGRAM_* environment variables (.env.example).
SYNDICATION_CHANNELS += ["instagram", "telegram"]
SYNDICATION_OPTIONS["instagram"] = {
    "hashtags_from": ["kecamatan", "tags"],
    "max_hashtags": 5,
    # Instagram captions have no clickable link: say where to read the story ({short} = address).
    "read_more": "Baca selengkapnya: link di bio ({short})",
}
SYNDICATION_OPTIONS["telegram"] = {"hashtags_from": ["kecamatan"], "max_hashtags": 3}

# --- YouTube (plugins/syndication/channels/youtube.py) ---
# `invoke syndicate` uploads every new story whose `Video:` is a local file to the office's
# YouTube channel once, sets the lead photo as thumbnail and writes the video id back into the
# story. Credentials: SYNDICATION_YOUTUBE_* environment variables (.env.example).
SYNDICATION_CHANNELS += ["youtube"]
SYNDICATION_OPTIONS["youtube"] = {
    "category_id": "25",  # News & Politics
    "privacy": "public",  # public | unlisted | private
    "chunk_mb": 8,  # upload chunk size, rounded down to a multiple of 256 KiB
    "thumbnail": "16x9",  # media-plugin rendition of the lead photo (read from output/)
    "uploads_per_run": 5,  # more wait for the next run (the default API quota is 100 a day)
    "footer": "Kanal resmi Suku Dinas Kominfotik Jakarta Utara.",
}

# --- Partner media (plugins/syndication: channels email + webhook) ---
# Press release by e-mail and signed webhook to the partners of content/data/mitra.toml
# (SYNDICATION_EMAIL_* and SYNDICATION_WEBHOOK_SECRET_<KUNCI> environment variables, see
# .env.example). Without them both channels write to outbox/.
SYNDICATION_CHANNELS += ["email", "webhook"]
SYNDICATION_OPTIONS["email"] = {
    "partners_file": "content/data/mitra.toml",
    "output_path": "output",
    "attachment_cap_mb": 10,  # photos above this total are linked instead of attached
    "organization": "Suku Dinas Komunikasi, Informatika dan Statistik Kota Administrasi Jakarta Utara",
    "contact": {  # as on content/halaman/kontak.md
        "name": "Redaksi Kabar Jakarta Utara — Seksi KIP Sudin Kominfotik Jakarta Utara",
        "email": "kominfotik.jakut@jakarta.go.id",
    },
    "rights": "Boleh dimuat ulang dengan menyebut sumber Kabar Jakarta Utara dan menautkan ke "
    "berita aslinya; foto wajib mencantumkan kreditnya.",
}
SYNDICATION_OPTIONS["webhook"] = {"partners_file": "content/data/mitra.toml"}

# --- Build performance: parallel reading and the parse cache (plugins/newsroom) ---
# Stories are parsed ahead of Pelican in worker processes and kept in CACHE_PATH
# (newsroom-*.pickle) until the file, its folder, the reader code, content/data/*.toml or the
# reader's settings change. `pelican --ignore-cache` (LOAD_CONTENT_CACHE = False) reads all anew.
LOAD_CONTENT_CACHE = True
NEWSROOM_READ_CACHE = True
NEWSROOM_READ_WORKERS = 0  # 0 = one per usable core; 1 = no worker processes
NEWSROOM_READ_PARALLEL_MIN = 64  # fewer files than this are parsed in the build process
# Production builds clean output/ (NEWSROOM_CLEAN_OUTPUT) but keep the search index: Pagefind
# re-indexes only the shards whose stories changed (plugins/search_index), not on every build.
OUTPUT_RETENTION = ["pagefind"]

# --- Incremental output (plugins/stable_output) ---
# Pages whose signature (template + what it shows + theme/plugin code + settings) is unchanged
# are not rendered again; listings paginate in buckets counted from the oldest story; pages are
# rendered by every core. Manifest: CACHE_PATH/render-manifest-*.json.
STABLE_OUTPUT_SKIP_UNCHANGED = True
STABLE_OUTPUT_PAGINATION = True  # False: Pelican's pagination (every page shifts per new story)
STABLE_OUTPUT_WORKERS = 0  # 0 = every core
STABLE_OUTPUT_MIN_PARALLEL = 64  # fewer pages than this are rendered in the build process

# --- Search index (plugins/search_index) ---
# Pagefind index in calendar shards (output/pagefind/<shard>/): the newest month per dasarian
# (days 1-10, 11-20, 21-end), older stories per SEARCH_INDEX_ARCHIVE_MONTHS months. A shard is
# re-indexed only when one of its stories (or the site code/settings) changed. THEME_SEARCH
# (above) switches the index off.
PLUGINS += ["search_index"]
SEARCH_INDEX_ARCHIVE_MONTHS = 6  # 1, 2, 3, 4, 6 or 12
SEARCH_INDEX_WORKERS = 0  # Pagefind processes at once; 0 = one per core
SEARCH_INDEX_TIMEOUT = 300  # seconds per shard
