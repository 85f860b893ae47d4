#!/usr/bin/env bash
# Builds a self-contained `agent` for a load host without Swift: the Swift standard library and Foundation linked
# in statically (`--static-swift-stdlib`), so the host needs only the runtime packages of libzmq and libcurl
# (Debian 12 / Ubuntu 22.04+: `apt-get install libzmq5 libcurl4`).
#   scripts/package-agent.sh [--debug] [OUT_DIR]      default OUT_DIR: dist/
# Writes OUT_DIR/clusterbench-agent-<version>-linux-<arch>.tar.gz (bin/agent, README) and prints the line that
# starts it on the host. Checks with ldd that the binary needs no Swift runtime library, and fails if it does.
# --debug packages a debug build instead of a release one: the same static linking, built in a fraction of the
# time. The test suite packages the agent this way (Tests/.../Support/PackagedAgent.swift); hosts get release.
# Builds go to .build-static/ (kept between runs, so a second package of unchanged sources takes seconds).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration=release
if [[ "${1:-}" == "--debug" ]]; then
    configuration=debug
    shift
fi
out="${1:-$repo/dist}"
cd "$repo"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh >/dev/null
echo "package: swift build -c $configuration --product agent --static-swift-stdlib"
# One static build at a time per work tree (the suite and scripts/test.sh may both ask).
exec 8<"${BASH_SOURCE[0]}"
command -v flock >/dev/null 2>&1 && flock 8
build_log="$(mktemp)"
if ! swift build -c "$configuration" --product agent --static-swift-stdlib --scratch-path .build-static \
    >"$build_log" 2>&1; then
    grep -v "prohibited flag" "$build_log" | tail -n 30 >&2
    rm -f "$build_log"
    exit 1
fi
rm -f "$build_log"
binary="$(swift build -c "$configuration" --static-swift-stdlib --scratch-path .build-static --show-bin-path)/agent"
if ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime' >/dev/null; then
    echo "package: error: $binary still needs a Swift runtime library:" >&2
    ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime' >&2
    exit 1
fi
version="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo dev)"
name="clusterbench-agent-${version}-linux-$(uname -m)"
stage="$(mktemp -d)"
mkdir -p "$stage/$name/bin" "$out"
cp "$binary" "$stage/$name/bin/agent"
strip "$stage/$name/bin/agent" 2>/dev/null || true
cat > "$stage/$name/README" <<README
ClusterBench agent $version ($(uname -m), $configuration), built $(date -u +%Y-%m-%d) with the Swift runtime linked in.
Needs: libzmq5 and libcurl4 (apt-get install libzmq5 libcurl4).
Libraries it links directly (readelf -d):
$(readelf -d "$binary" | awk -F'[][]' '/NEEDED/ {print "  " $2}')
Start: bin/agent --coordinator tcp://COORDINATOR_HOST:PORT --name \$(hostname)
README
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
rm -rf "$stage"
echo "package: $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1))"
echo "package: on the load host: tar xzf $name.tar.gz && $name/bin/agent --coordinator tcp://COORDINATOR_HOST:PORT"
