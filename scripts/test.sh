#!/usr/bin/env bash
# The whole test suite in one command: install what is missing, build, test.
# Tests run against real parts: ZeroMQ sockets, libcurl, gunicorn and HAProxy on 127.0.0.1.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# The Swift toolchain of this kind of machine lives in /opt/swift; use it when PATH does not name one.
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
echo "build: swift build --build-tests"
swift build --build-tests 2>&1 | grep -v "prohibited flag" | tail -n 3
# The namespace tests run the packaged agent (statically linked Swift runtime); its build, kept in .build-static/,
# happens here rather than inside a test's time limit. The tests package it again, which then takes seconds.
echo "build: scripts/package-agent.sh --debug"
bash scripts/package-agent.sh --debug .build/packaged-agent | tail -n 2 | head -n 1
# A test body that blocks (a process, a socket, a sleep) holds one of the concurrency pool's threads, one per core.
# Swift Testing starts every test at once and a test's time limit runs from its start, so on a loaded 2-core machine a
# test waiting for a thread behind a long end-to-end run exceeded its limit without hanging. Starting only as many
# tests as there are threads makes a time limit measure the test itself.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-$(nproc)}"
if [[ -n "${CI:-}" ]]; then
    echo "test: CI is set: a suite that needs a part set-up installs (gunicorn, HAProxy, the .venv) fails, never skips"
fi
echo "test: swift test (at most $SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH tests at a time)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build --disable-xctest "$@" 2>&1 | tee "$log" || status=$?
# Skips are easy to miss among hundreds of lines: repeat them, with their reasons, at the end.
if grep -E '(Test|Suite) .* skipped' "$log" >/dev/null; then
    echo "test: skipped, and why:"
    grep -E '(Test|Suite) .* skipped' "$log"
fi
exit "$status"
