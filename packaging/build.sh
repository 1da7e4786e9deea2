#!/usr/bin/env bash
# Build the one-folder kztally with PyInstaller in a clean virtual environment, then run
# the built program's smoke test. Usage: bash packaging/build.sh [output folder]
# (default: dist/). Works on Linux and macOS; on Windows run the same steps by hand
# (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
BUILD_VENV="${KZTALLY_BUILD_VENV:-build/venv}"
rm -rf "$BUILD_VENV"
python3 -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/python" -m pip install --quiet --upgrade pip
"$BUILD_VENV/bin/python" -m pip install --quiet . "pyinstaller>=6.3"
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean \
    --distpath "$OUT" --workpath build/pyinstaller packaging/kztally.spec
echo "== smoke test of the built program"
"$OUT/kztally/kztally" --smoke-test
