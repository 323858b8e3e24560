# Two commands for a fresh machine: `make run` (set up, then check the bundled example list) and
# `make test` (set up, then run the test suite). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := tests/fixtures/lists/video-anomaly-detection

.PHONY: run test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	-$(BIN)/paper-triage check $(EXAMPLE)/README.md $(EXAMPLE)/scripts/data.json $(EXAMPLE)/scripts/data_weakly.json $(EXAMPLE)/scripts/data_surveys.json $(EXAMPLE)/scripts/data_datasets.json

test: $(VENV)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
