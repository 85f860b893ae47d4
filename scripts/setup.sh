#!/usr/bin/env bash
# Installs what ClusterBench needs on this machine, and only what is missing:
#   - Debian packages: the C libraries the Swift targets link (libzmq, libcurl, OpenSSL), pkg-config,
#     HAProxy (the local provider's load balancer), zlib (the HdrHistogram codec) and python3-venv;
#   - a Python virtualenv at <repo>/.venv with app/requirements.txt (Flask and gunicorn, for the app under test) and
#     Tests/requirements.txt (hdrhistogram, the independent HdrHistogram implementation the tests check against).
# Idempotent: a second run changes nothing and prints "ok" for every step. It does not build the Swift package.
# Runs as root (or with sudo available) on Debian 12; `python3` may be a pyenv interpreter.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
requirements=("$repo/app/requirements.txt" "$repo/Tests/requirements.txt")
stamp="$venv/.requirements.sha256"

step() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# One setup at a time per work tree (two runs racing on one .venv would break it).
exec 9<"${BASH_SOURCE[0]}"
if command -v flock >/dev/null 2>&1; then flock 9; fi

# --- Debian packages -------------------------------------------------------------------------------------------------
apt_packages=(libzmq3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev pkg-config haproxy python3-venv)
missing=()
for package in "${apt_packages[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    step "apt packages: ok (${apt_packages[*]})"
else
    step "apt packages: installing ${missing[*]}"
    sudo_cmd=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || fail "installing ${missing[*]} needs root (or sudo)"
        sudo_cmd=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    step "apt packages: installed ${missing[*]}"
fi

# --- Python interpreter ----------------------------------------------------------------------------------------------
# Prefer the `python3` on PATH (possibly pyenv's); fall back to Debian's when that one cannot make a venv with pip.
python=""
for candidate in "$(command -v python3 || true)" /usr/bin/python3; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        python="$candidate"
        break
    fi
done
[[ -n "$python" ]] || fail "no python3 that can create a virtualenv (python3 -m venv with ensurepip)"
step "python: $python ($("$python" -c 'import platform; print(platform.python_version())'))"

# --- Virtualenv with the app's and the tests' requirements -----------------------------------------------------------
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    step "virtualenv: ok ($venv)"
else
    step "virtualenv: creating $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi

# The stamp holds the hash of the requirements (and the venv's Python version) that were last installed.
wanted="$( { cat "${requirements[@]}" | sha256sum | cut -d' ' -f1
    "$venv/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/gunicorn" ]]; then
    step "python requirements: ok (app/requirements.txt, Tests/requirements.txt unchanged)"
else
    step "python requirements: installing app/requirements.txt, Tests/requirements.txt"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q "${requirements[@]/#/-r}"
    "$venv/bin/python" -c 'import flask, gunicorn, hdrh.histogram' \
        || fail "the virtualenv cannot import flask, gunicorn and hdrh"
    printf '%s\n' "$wanted" >"$stamp"
    hdrh_version="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("hdrhistogram"))')"
    step "python requirements: installed ($("$venv/bin/gunicorn" --version 2>&1 | head -1), hdrhistogram $hdrh_version)"
fi

step "done"
