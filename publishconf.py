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
FEED_ALL_ATOM = "feeds/semua.atom.xml"
CATEGORY_FEED_ATOM = "feeds/rubrik/{slug}.atom.xml"

# Remove stale files, but only after every story passed its checks (plugins/newsroom).
DELETE_OUTPUT_DIRECTORY = False
NEWSROOM_CLEAN_OUTPUT = True
