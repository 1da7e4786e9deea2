#!/usr/bin/env bash
# Set up kztally from this checkout on a fresh Debian 12 or Ubuntu 24.04 machine and start it.
# packaging/setup.sh installs the system libraries Qt needs (with sudo when not root), makes
# a virtual environment in .venv and installs kztally into it; then this runs `kztally` with
# the arguments given (no arguments: the desktop app; e.g. `--help`, or
# `mock --seed 1 --scale small`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh app
exec "${KZTALLY_VENV:-.venv}/bin/kztally" "$@"
