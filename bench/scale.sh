#!/usr/bin/env bash
# Scale of one agent: requests/s and the agent's peak resident memory at 50, 100 and 1000 connections, on each
# engine (closed model against a pinned nginx, one agent on CPU 1). Goal (issue 12): at 1000 connections the fast
# path keeps >= 0.9 x its own 50-connection rate, with a peak RSS under 64 MiB. wrk runs last at 50 and 1000
# connections, same pinning: its own 1000 / 50 ratio is what nginx and the kernel allow any client here.
#   bench/scale.sh [SECONDS=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}

bench_apt nginx curl wrk
bin=$(bench_build)
work=$(mktemp -d /tmp/cb-scale-XXXX)
port=$(bench_free_port)
trap 'bench_stop_nginx; rm -rf "$work"' EXIT
bench_start_nginx 0 "$port" "$work/nginx"
url="http://127.0.0.1:$port/"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %12s %12s %14s\n' engine connections "requests/s" "agent peak RSS"
declare -A rate
for engine in fast curl; do
for connections in 50 100 1000; do
    cat >"$work/cb-$connections.json" <<JSON
{
  "name": "bench-scale-$connections",
  "provider": {"name": "static", "urls": {"nginx": "${url}"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"engine": "$engine", "model": "closed", "closed": {"connections": $connections, "duration": "${seconds}s"}},
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
    printf '%8s %12s %12s %11s MiB\n' "$engine" "$connections" "$rps" "$((peak / 1024))"
    rate[$engine-$connections]=$rps
    rm -rf "$work/results-$connections"
done
done
# wrk at the same connection counts, same pinning: how much of the drop at 1000 connections is nginx's and the
# kernel's (wrk pays it too) rather than the engine's.
if command -v wrk >/dev/null; then
    for connections in 50 1000; do
        rate[wrk-$connections]=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" "$url" |
            awk '/Requests\/sec/{printf "%.0f", $2}')
        printf '%8s %12s %12s\n' wrk "$connections" "${rate[wrk-$connections]}"
    done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for engine in fast curl $(command -v wrk >/dev/null && echo wrk); do
    python3 -c 'import sys; print("%s: 1000 / 50 connections = %.2f" % (sys.argv[1], float(sys.argv[3]) / float(sys.argv[2])))' \
        "$engine" "${rate[$engine-50]}" "${rate[$engine-1000]}"
done
