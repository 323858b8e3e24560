# Two commands for a fresh machine: `make run` (set up, then check the bundled example list) and
# `make test` (set up, then run the test suite). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := tests/fixtures/lists/video-anomaly-detection

.PHONY: run test gates bench clean readme-rules

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	-$(BIN)/paper-triage check $(EXAMPLE)/README.md $(EXAMPLE)/scripts/data.json $(EXAMPLE)/scripts/data_weakly.json $(EXAMPLE)/scripts/data_surveys.json $(EXAMPLE)/scripts/data_datasets.json

test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The static gates CI runs before the tests (settings in pyproject.toml).
gates: $(VENV)/.installed
	$(BIN)/ruff check rules bot webhooks paper_triage scholarly tests bench
	$(BIN)/ruff format --check rules bot webhooks paper_triage scholarly tests bench
	$(BIN)/mypy

# The README's rule table is what the rule modules say of themselves (tests/rules/test_codes.py checks it).
readme-rules: $(VENV)/.installed
	$(BIN)/python -c 'import pathlib, paper_triage.rules as r; p = pathlib.Path("README.md"); p.write_text(r.with_table(p.read_text(encoding="utf-8")), encoding="utf-8")'

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache .coverage .coverage.*
