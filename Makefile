# Group Texting Lab. `make lab` opens the walkthrough on the sandbox, `make test` runs the tests.
# Both create .venv from requirements.txt on first use (and again when requirements.txt changes);
# `make test` also creates .venv-proxy (mitmproxy, for the live rehearsal) from requirements-proxy.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PROXY_VENV  := .venv-proxy
PROXY_STAMP := $(PROXY_VENV)/.installed
LAB_PORT ?= 8888
PLAYGROUND_PORT ?= 8866

HUB_PROXY := .hub/node_modules/.bin/configurable-http-proxy
CHP_VERSION := 5.3.0

.PHONY: lab playground test check test-busy lint format bench sandbox sandbox-stop proxy \
	node-example hub-proxy class clean

# Packages go in with uv (Astral's installer, from PyPI into the venv): the same pins as pip, in
# 18 s instead of 44 on 2 cores, bytecode compiled (PYTHONDONTWRITEBYTECODE machines never
# compile it later, and every process then compiles its imports again). Where uv cannot be
# installed, pip does it all.
UV_VERSION := 0.13.9
define install
	$(1)/python -m pip install --quiet uv==$(UV_VERSION) \
		&& $(1)/uv pip install --quiet --python $(1)/python --compile-bytecode -r $(2) \
		|| $(1)/python -m pip install --quiet -r $(2)
endef

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(call install,$(BIN),requirements.txt)
	touch $(STAMP)

$(PROXY_STAMP): requirements-proxy.txt
	$(PYTHON) -m venv $(PROXY_VENV)
	$(call install,$(PROXY_VENV)/bin,requirements-proxy.txt)
	touch $(PROXY_STAMP)

# The kit's own lab settings (lab/overrides.json: no news prompt, no update check); a user's
# own JupyterLab settings still win. The walkthrough opens on 00.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(LAB_PORT) \
		--LabApp.app_settings_dir=$(CURDIR)/lab --LabApp.default_url=/lab/tree/00_setup.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

# The playground as a web page with no code (Voila), on the same sandbox as the notebooks.
playground: $(STAMP)
	$(BIN)/voila notebooks/app/playground.ipynb --no-browser --Voila.ip=127.0.0.1 \
		--port=$(PLAYGROUND_PORT)

# Tests run in parallel (pytest-xdist); each test module stays on one worker (the tests that
# share nothing go one by one, an `xdist_group` of a long module to a worker of its own:
# tests/conftest.py), so a module's notebooks, JupyterLab or hub are set up once a worker.
# One worker more than the machine has cores: the slow modules mostly wait (kernels, JupyterLab,
# Chromium, sandboxes starting), so with one worker a core the cores sat idle half the time
# (whole suite on 2 cores: 5:56 with 2 workers, 4:30 with 3, 4:32 with 4, 4:10 with 3 and the fuzz
# tests early; docs/development.md).
# TEST_WORKERS=2 sets how many, TEST_WORKERS=0: one process.
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
PARALLEL = -n $(TEST_WORKERS) --dist loadgroup
QUICK = not notebooks and not browser and not rehearsal and not hub and not fuzz

# The whole suite (CI runs this).
test: $(STAMP) $(PROXY_STAMP)
	$(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

# The default while developing, under two minutes on 2 cores: all but the notebooks, browser,
# rehearsal, hub and fuzz tests. PYTEST_ARGS=--durations=30 lists the slowest (docs/development.md).
check: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) -m "$(QUICK)" $(PYTEST_ARGS)

# The whole suite beside two CPU-bound processes (bench/busy.py), as on a busy machine: a test
# that waits for a guessed time instead of what it needs fails here first.
test-busy: $(STAMP) $(PROXY_STAMP)
	$(BIN)/python -m bench.busy --workers 2 -- $(MAKE) --no-print-directory test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench --commentary bench/ANALYSIS.md

sandbox: $(STAMP)
	$(BIN)/python -m sandbox

sandbox-stop: $(STAMP)
	$(BIN)/python -m sandbox stop

# Any program against your running sandbox, unchanged: an HTTPS proxy (mitmproxy, .venv-proxy)
# with a CA of your own; it prints what to set (docs/own-app.md). PROXY_PORT picks its port.
PROXY_PORT ?= 8877
proxy: $(STAMP) $(PROXY_STAMP)
	$(BIN)/python -m sandbox proxy --proxy-port $(PROXY_PORT)

# twilio from npm for the Node example (examples/node/, git-ignored node_modules)
NODE_EXAMPLE := examples/node/node_modules/twilio/package.json
node-example: $(NODE_EXAMPLE)

$(NODE_EXAMPLE): examples/node/package-lock.json
	cd examples/node && npm ci --no-audit --no-fund --loglevel=error

# A class on this machine (docs/class.md): JupyterHub as root, its proxy from npm
# in .hub/ (not global). CLASS_LEARNERS=ada,grace names the learners (system users).
hub-proxy: $(HUB_PROXY)

$(HUB_PROXY):
	npm install --prefix .hub --no-audit --no-fund --loglevel=error configurable-http-proxy@$(CHP_VERSION)

class: $(STAMP) $(HUB_PROXY)
	$(BIN)/jupyterhub -f teaching/jupyterhub_config.py

clean:
	rm -rf $(VENV) $(PROXY_VENV) .pytest_cache .ruff_cache artifacts .hub examples/node/node_modules
