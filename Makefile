# The commands people and CI both run. `make run` serves on SQLite; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test check bench messages clean

$(STAMP): server/pyproject.toml client/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e './client[cli]' -e './server[dev]'
	touch $(STAMP)

install: $(STAMP)  ## Then compile the hot generation modules with mypyc (quick no-op when current; pure Python if it fails)
	$(PY) scripts/build_native.py

run: install  ## Migrate, create the demo admin on first start, serve on 127.0.0.1:8000 with the in-process worker
	$(VENV)/bin/lessonforge serve --host 127.0.0.1 --port 8000

test: install  ## Every test (server + SDK), two processes
	$(PY) -m pytest -n 2 --dist loadfile -q

check: install  ## Format, lint, types, layer rules
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy server/src/lessonforge client/src/lessonforge_client
	$(VENV)/bin/lint-imports

bench: install  ## Benchmarks; figures go to docs/benchmarks.md by hand
	$(PY) benchmarks/run_all.py

messages: install  ## Re-extract every message domain and merge it into every catalogue (then translate)
	$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache server/src/lessonforge/_native
