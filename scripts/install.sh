#!/usr/bin/env bash
# Puts `coordinator` and `agent` on the PATH, so the commands read as the README writes them
# (`coordinator run config/tp1.json`, `agent --coordinator tcp://HOST:PORT`):
#   scripts/install.sh [PREFIX]     default PREFIX: /usr/local (links in PREFIX/bin)
# Installs what is missing (scripts/setup.sh), builds both in release mode, and links them from PREFIX/bin. The
# links point into this checkout: the coordinator finds app/ and .venv/ from its own path (or CLUSTERBENCH_HOME).
# For an agent on another host, without Swift, see scripts/package-agent.sh.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${1:-/usr/local}"
cd "$repo"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
echo "install: swift build -c release"
swift build -c release --product coordinator >/dev/null
swift build -c release --product agent >/dev/null
bin="$(swift build -c release --show-bin-path)"
mkdir -p "$prefix/bin"
for tool in coordinator agent; do
    ln -sfn "$bin/$tool" "$prefix/bin/$tool"
    echo "install: $prefix/bin/$tool -> $bin/$tool"
done
echo "install: done; try: coordinator --help"
