#!/usr/bin/env bash
# The one set-up behind every way of running kztally from this checkout:
# `packaging/run-from-source.sh` (app), `tests/run.sh` (dev) and `.ci/run` (ci).
#
#   bash packaging/setup.sh app   system libraries for Qt windows, .venv, kztally
#   bash packaging/setup.sh dev   the same, plus poppler and Xvfb, and the development tools
#   bash packaging/setup.sh ci    the same as dev, plus the PostgreSQL server
#
# It installs only what is missing, with Debian's apt (through sudo when not root), on
# Debian 12 or Ubuntu 24.04; on Ubuntu 22.04, whose python3 is 3.10, it takes python3.11
# from the distribution. The virtual environment (KZTALLY_VENV, default .venv) is made
# anew when it is missing, broken or half-made (a marker is written only once pip works
# in it). kztally is installed into it, editable, once per version of pyproject.toml.
# Run it again at any time: a second run does nothing and asks for nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
case "$mode" in
    app | dev | ci) ;;
    *) echo "usage: bash packaging/setup.sh app|dev|ci" >&2; exit 2 ;;
esac

# What each mode needs from the system. Qt's offscreen platform needs the first group;
# a window on an X server needs the second too.
qt_offscreen=(libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3)
qt_window=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
           libxcb-render-util0 libxcb-shape0)
dev_tools=(poppler-utils xvfb xauth)
ci_services=(postgresql)

packages=("${qt_offscreen[@]}" "${qt_window[@]}")
case "$mode" in
    dev) packages+=("${dev_tools[@]}") ;;
    ci) packages+=("${dev_tools[@]}" "${ci_services[@]}") ;;
esac

say() { echo "setup: $*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        say "this needs root, and sudo is not installed: run as root: $*"
        return 1
    fi
}

apt_updated=""
apt_install() {
    # apt_install PACKAGE...: install those not installed yet.
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        say "not a Debian or Ubuntu system: install these (or their equivalents) yourself: ${missing[*]}"
        return 0
    fi
    say "installing ${missing[*]}"
    if [ -z "$apt_updated" ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Python 3.11 or newer, with venv and ensurepip.
version_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
find_python() {
    local candidate
    for candidate in ${KZTALLY_PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null && version_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

python="$(find_python || true)"
if [ -z "$python" ]; then
    say "no Python 3.11 or newer on PATH; taking python3.11 from the distribution"
    apt_install python3.11 python3.11-venv
    python="$(find_python)"
fi
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    # Debian and Ubuntu ship venv's pip apart, in pythonX.Y-venv.
    apt_install "$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')"
fi

apt_install "${packages[@]}"

VENV="${KZTALLY_VENV:-.venv}"
ready="$VENV/.kztally-venv-ready"
venv_works() {
    [ -f "$ready" ] && [ -x "$VENV/bin/python" ] && version_ok "$VENV/bin/python" \
        && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}
if ! venv_works; then
    if [ -e "$VENV" ]; then say "$VENV is broken or half-made: making it anew"; fi
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    touch "$ready"
fi

version="$(sha256sum pyproject.toml | cut -c1-16)"
stamp="$VENV/.installed-$mode-$version"
if [ "$mode" = app ] && [ -f "$VENV/.installed-dev-$version" ]; then
    stamp="$VENV/.installed-dev-$version"
fi
if [ "$mode" = ci ]; then stamp="$VENV/.installed-dev-$version"; fi
if [ ! -f "$stamp" ]; then
    extra=""
    if [ "$mode" != app ]; then extra="[dev]"; fi
    say "installing kztally$extra into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$extra"
    touch "$stamp"
fi
