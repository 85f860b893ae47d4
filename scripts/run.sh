#!/usr/bin/env bash
# The main job in one command: install what is missing, build, and run an experiment.
#   scripts/run.sh                       runs config/local.json (the reference experiment on this machine)
#   scripts/run.sh run config/tp1.json   any coordinator subcommand and arguments
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# The Swift toolchain of this kind of machine lives in /opt/swift; use it when PATH does not name one.
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
echo "build: swift build (release)"
swift build -c release --product coordinator >/dev/null
swift build -c release --product agent >/dev/null
if (($# == 0)); then set -- run config/local.json; fi
exec "$(swift build -c release --show-bin-path)/coordinator" "$@"
