#!/usr/bin/env bash
# Builds wrk2 (Gil Tene's constant-rate wrk, github.com/giltene/wrk2) from source, with bench/wrk2-late-sends.patch
# (wrk2 then also prints how many of its sends left more than 1 ms after their intended time), and prints the path.
# The source comes from WRK2_SRC (a checkout or an unpacked archive) or, failing that, a git clone of the public
# repository; the binary is cached in ~/.cache/clusterbench/wrk2. Prints nothing and exits 1 when neither source is
# reachable (a machine without GitHub access: fetch the repository by other means and set WRK2_SRC).
#   bench/wrk2.sh
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/clusterbench/wrk2
if [[ -x "$cache/wrk" && -f "$cache/.late-sends" ]]; then
    echo "$cache/wrk"
    exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_apt build-essential libssl-dev zlib1g-dev git patch >&2
rm -rf "$cache" && mkdir -p "$(dirname "$cache")"
if [[ -n "${WRK2_SRC:-}" && -f "$WRK2_SRC/Makefile" ]]; then
    cp -r "$WRK2_SRC" "$cache"
elif ! GIT_TERMINAL_PROMPT=0 timeout 60 git clone -q --depth 1 https://github.com/giltene/wrk2 "$cache" >&2 2>/dev/null; then
    echo "wrk2.sh: no source: set WRK2_SRC to a wrk2 checkout (github.com/giltene/wrk2 is not reachable)" >&2
    rm -rf "$cache"
    exit 1
fi
# The patch changes a struct that several files use: objects copied with the source are removed first.
patch -d "$cache" -p1 <"$(dirname "${BASH_SOURCE[0]}")/wrk2-late-sends.patch" >&2
rm -f "$cache"/obj/*.o "$cache/wrk"
# wrk2's Makefile predates glibc's _DEFAULT_SOURCE; the warnings are harmless. LuaJIT is built from deps/.
make -C "$cache" -j"$(nproc)" >"$cache/build.log" 2>&1 || {
    tail -20 "$cache/build.log" >&2
    exit 1
}
touch "$cache/.late-sends"
echo "$cache/wrk"
