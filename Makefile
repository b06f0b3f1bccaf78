# Bootstraps .venv from the pinned lock (requirements.txt) and hands over to invoke (tasks.py).
# Only python3 (3.11+), make and git are needed; everything else is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
# `make serve WATCH=1`: rebuild on every save and reload the browser (invoke livereload).
WATCH  ?=

.PHONY: help setup serve html test lint new check publish clean bench
help:
	@echo "make serve   siapkan, bangun situs, dan buka server lokal di http://127.0.0.1:$(PORT)"
	@echo "             (make serve WATCH=1: bangun ulang dan muat ulang peramban setiap kali disimpan)"
	@echo "make new     buat berita baru (ditanya satu per satu)"
	@echo "make check   periksa semua berita sebelum commit"
	@echo "make test    siapkan lalu jalankan semua pengujian (termasuk ruff)"
	@echo "make html    bangun situs ke output/ tanpa server"
	@echo "Perintah lain: $(BIN)/invoke --list"

# Re-installs whenever requirements.txt changes (new pins); a no-op otherwise.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Butuh Python 3.11 atau lebih baru."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Gagal membuat .venv: di Debian/Ubuntu pasang dulu paket python3-venv (apt-get install python3-venv)."; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

setup: $(STAMP)

serve: $(STAMP)
ifeq ($(WATCH),)
	$(BIN)/invoke reserve --port $(PORT)
else
	$(BIN)/invoke livereload --port $(PORT)
endif

html: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP)
	$(BIN)/invoke test

lint: $(STAMP)
	$(BIN)/invoke lint

# `make new` asks for everything; `make new TITLE="Judul berita"` starts with the title.
new: $(STAMP)
	$(BIN)/invoke new --title "$(TITLE)"

check: $(STAMP)
	$(BIN)/invoke check

publish: $(STAMP)
	$(BIN)/invoke publish

bench: $(STAMP)
	$(BIN)/invoke bench

clean:
	rm -rf output .cache .pytest_cache .ruff_cache

# --- CMS (plugins/cms): Decap CMS at http://127.0.0.1:$(PORT)/admin/ against this working copy.
.PHONY: cms
cms: $(STAMP)
	$(BIN)/invoke cms --port $(PORT)
