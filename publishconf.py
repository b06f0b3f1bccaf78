"""Production settings: absolute URLs, feeds on, drafts never published.

SITEURL comes from the environment (``SITEURL=https://kabar.example.go.id make publish``).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://kabar.utara.jakarta.go.id").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL

# Remove stale files, but only after every story passed its checks (plugins/newsroom).
DELETE_OUTPUT_DIRECTORY = False
NEWSROOM_CLEAN_OUTPUT = True

# --- Feeds (plugins/feeds) ---
# Pelican's own feeds stay off: plugins/feeds writes every feed (feedgen) and the sitemaps.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
