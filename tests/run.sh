#!/usr/bin/env bash
# Sets up a virtual environment (once) and runs every check: ruff, mypy, import-linter, pytest.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${KZTALLY_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e '.[dev]'
    touch "$stamp"
fi
export PATH="$PWD/$VENV/bin:$PATH"
echo "== ruff"
ruff check kztally tests bench
ruff format --check kztally tests bench
echo "== mypy"
mypy
echo "== import-linter"
lint-imports
echo "== pytest"
python -m pytest "$@"
