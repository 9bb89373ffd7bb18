# parallax: `make demo` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= parallax.db
# Browser tests drive the distribution's chromium (never a Playwright download); `make test` installs it.
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: demo test bench install chromium clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/parallax ingest examples/south-caucasus/*.txt --db $(DB) --no-progress
	$(BIN)/parallax stats --db $(DB)
	$(BIN)/parallax analyze examples/south-caucasus/*.txt
	$(BIN)/parallax search "Section 907" --db $(DB)
	$(BIN)/parallax report --db $(DB) -o report.html
	@echo "open report.html in a browser, or run: $(BIN)/parallax serve --db $(DB)"

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -q

chromium: $(CHROMIUM)

$(CHROMIUM):
	$(APT) install -y chromium || { $(APT) update && $(APT) install -y chromium; }

bench: $(STAMP)
	$(BIN)/python bench/flat_extraction.py
	$(BIN)/python bench/pipeline_speed.py
	$(BIN)/python bench/dates_bench.py
	$(BIN)/python bench/views_scale.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm report.html test-artifacts bench/out
