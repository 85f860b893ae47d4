#!/usr/bin/env bash
# Heap allocations per request of the load engine: the agent's allocations (counted by an LD_PRELOAD shim,
# bench/alloc-count/alloc_count.c) in a run of N requests and in a run of 10 x N, on each engine; the difference over
# the 9 x N extra requests is what one request costs. Goal (issue 12): no allocation per request on the fast path.
# The closed model with 50 connections against a pinned nginx; one report at the end (reportInterval 60 s), so
# the interval reports' own allocations are the same in both runs.
#   bench/engine-allocations.sh [N=20000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
requests=${1:-20000}

bench_apt nginx curl gcc
bin=$(bench_build)
bench_workspace alloc
bench_serve
gcc -O2 -shared -fPIC -o "$work/alloc_count.so" "$repo/bench/alloc-count/alloc_count.c"

agent_allocations() { # ENGINE REQUESTS -> the agent's allocation count
    local dir="$work/count-$1-$2"
    mkdir -p "$dir"
    cat >"$work/cb.json" <<JSON
{
  "name": "bench-alloc",
  "provider": {"name": "static", "urls": {"nginx": "${url}"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"engine": "$1", "model": "closed", "closed": {"connections": 50, "requests": $2}, "reportInterval": "60s"},
  "agents": {"spawn": 1}
}
JSON
    CB_ALLOC_DIR=$dir LD_PRELOAD="$work/alloc_count.so" taskset -c 1 "$bin/coordinator" run "$work/cb.json" \
        --results-dir "$work/results" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    local count
    count=$(cat "$dir"/agent.* 2>/dev/null || true)
    [[ -n "$count" ]] || { echo "engine-allocations.sh: the agent wrote no count (in $dir: $(ls "$dir"))" >&2; exit 1; }
    echo "$count"
}

echo "machine: $(bench_machine)"
printf '%8s %14s %14s %14s\n' engine "N=$requests" "N=$((10 * requests))" "per request"
for engine in fast curl; do
    small=$(agent_allocations "$engine" "$requests")
    large=$(agent_allocations "$engine" "$((10 * requests))")
    per=$(python3 -c "print('%.4f' % (($large - $small) / (9 * $requests)))")
    printf '%8s %14s %14s %14s\n' "$engine" "$small" "$large" "$per"
done
