# Group Texting Lab. `make lab` opens the walkthrough on the sandbox, `make test` runs the tests.
# Both create .venv from requirements.txt on first use (and again when requirements.txt changes).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_PORT ?= 8888

.PHONY: lab test lint format bench sandbox sandbox-stop clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(LAB_PORT) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

sandbox: $(STAMP)
	$(BIN)/python -m sandbox

sandbox-stop: $(STAMP)
	$(BIN)/python -m sandbox stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
