# The two commands of the README: `make demo` and `make test`. The rest are for developers.
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo test bench lint format typecheck check-migrations check-translations messages ci clean

$(BIN)/rehat: pyproject.toml uv.lock
	@test -x $(BIN)/python || { PY=$$(scripts/find-python) && $$PY -m venv $(VENV); }
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@touch $@

demo: $(BIN)/rehat
	$(BIN)/rehat demo

test: $(BIN)/rehat
	$(BIN)/pytest -q -n auto

bench: $(BIN)/rehat
	$(BIN)/uv sync --frozen --quiet --inexact --group bench --python $(BIN)/python
	$(BIN)/python -m bench

lint: $(BIN)/rehat
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/rehat
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(BIN)/rehat
	$(BIN)/mypy rehat

check-migrations: $(BIN)/rehat
	$(BIN)/rehat makemigrations --check --dry-run

messages: $(BIN)/rehat
	cd rehat && ../$(BIN)/rehat makemessages --locale id --locale en --no-obsolete --add-location never
	cd rehat && ../$(BIN)/rehat compilemessages

check-translations: $(BIN)/rehat
	scripts/check-translations

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) data
