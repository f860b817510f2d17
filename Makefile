# Quick start: `make run` (the dashboard on the bundled sample) and `make test` (everything).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: run serve test venv deps test-deps system-deps sample lint clean bench loadtest loadtest-replicas

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt tests/requirements.txt | $(PY)
	$(PIP) install --quiet -r tests/requirements.txt
	touch $@ $(VENV)/.deps

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

# Streamlit's own settings (STREAMLIT_SERVER_PORT, ...) and ZONE_DATA pass through the environment.
# dashboard.launch = `streamlit run streamlit_app.py`, with the data prepared before the port opens.
run: deps
	$(PY) -m dashboard.launch

# REPLICAS app processes behind nginx on $STREAMLIT_SERVER_PORT (default 8501), sticky sessions, a
# replica that dies is restarted; Ctrl-C stops them all (deploy/serve.py; for a server: deploy/README.md).
REPLICAS ?= 2
serve: deps system-deps
	$(PY) deploy/serve.py --replicas $(REPLICAS)

# Debian's Chromium and CJK fonts for the browser tests (Playwright cannot download browsers here).
system-deps:
	@bash tests/install_system_deps.sh

test: test-deps system-deps
	$(PY) -m pytest

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy geodata zone_layers dashboard

# Rebuild the bundled illustrative sample (seeded: the same data every time).
sample: deps
	$(PY) -m geodata.sample.generate

# Dashboard vs a naive st_folium baseline on a synthetic city, then the vector-tile benchmarks of issue 14
# (bench/README.md, BENCHMARKS.md); ~25 minutes.
bench: test-deps system-deps
	$(PY) -m bench.run
	$(PY) -m bench.tiles

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/artifacts

# A bounded load test on 127.0.0.1: 20 concurrent browser sessions for 2 minutes (bench/LOADTEST.md).
loadtest: test-deps system-deps
	$(PY) -m bench.loadtest --sessions 20 --seconds 120

# One replica against two behind the proxy, and a replica killed under load (bench/LOADTEST.md); ~8 minutes.
loadtest-replicas: test-deps system-deps
	$(PY) -m bench.loadtest_replicas --sessions 20 --seconds 120
