#!/usr/bin/env bash
# Sets everything up (packaging/setup.sh dev: the system packages, .venv, kztally with its
# development tools) and runs every check: ruff, mypy, import-linter, pytest.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh dev
VENV="${KZTALLY_VENV:-.venv}"
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
