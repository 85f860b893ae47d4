#!/usr/bin/env bash
# Scale of one agent: requests/s and the agent's peak resident memory at 10, 100 and 1000 connections
# (closed model against a pinned nginx, one agent on CPU 1).
#   bench/scale.sh [SECONDS=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}

bench_apt nginx curl
bin=$(bench_build)
work=$(mktemp -d /tmp/cb-scale-XXXX)
port=$(bench_free_port)
trap 'bench_stop_nginx; rm -rf "$work"' EXIT
bench_start_nginx 0 "$port" "$work/nginx"
url="http://127.0.0.1:$port/"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "machine: $(bench_machine)"
printf '%12s %12s %14s\n' connections "requests/s" "agent peak RSS"
for connections in 10 100 1000; do
    cat >"$work/cb-$connections.json" <<JSON
{
  "name": "bench-scale-$connections",
  "provider": {"name": "static", "urls": {"nginx": "${url}"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"model": "closed", "closed": {"connections": $connections, "duration": "${seconds}s"}},
  "agents": {"spawn": 1}
}
JSON
    taskset -c 1 "$bin/coordinator" run "$work/cb-$connections.json" --results-dir "$work/results-$connections" \
        >/dev/null 2>"$work/err-$connections" &
    coordinator=$!
    peak=0
    while kill -0 "$coordinator" 2>/dev/null; do
        for pid in $(pgrep -f "$bin/agent --coordinator" || true); do
            rss=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            ((rss > peak)) && peak=$rss
        done
        sleep 0.2
    done
    wait "$coordinator" || { cat "$work/err-$connections" >&2; exit 1; }
    rps=$(python3 -c 'import glob,json,sys; r=json.load(open(glob.glob(sys.argv[1]+"/*/report.json")[0])); print("%.0f" % r["clusters"][0]["throughputPerSecond"])' "$work/results-$connections")
    printf '%12s %12s %11s MiB\n' "$connections" "$rps" "$((peak / 1024))"
done
