#!/usr/bin/env bash
# Scale of one agent: requests/s and the agent's peak resident memory at 50, 100 and 1000 connections, on each
# engine (closed model against a pinned nginx, one agent on CPU 1). Goal (issue 12): at 1000 connections the fast
# path keeps >= 0.9 x its own 50-connection rate, with a peak RSS under 64 MiB. wrk runs last at 50 and 1000
# connections, same pinning: its own 1000 / 50 ratio is what nginx and the kernel allow any client here. Each run
# also gives the CPU per request of the agent's engine threads and of the nginx worker (/proc, over the whole run).
#   bench/scale.sh [SECONDS=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}

bench_apt nginx curl wrk
bin=$(bench_build)
bench_workspace scale
bench_serve
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU ticks (user + system) of a process's threads named like $2 (all threads if empty), from /proc.
ticks() {
    local total=0 task name
    for task in /proc/"$1"/task/*; do
        name=$(cat "$task/comm" 2>/dev/null || true)
        [[ -z "$2" || "$name" == $2* ]] || continue
        total=$((total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
tick_us=$((1000000 / $(getconf CLK_TCK)))
printf '%8s %12s %12s %14s %16s %16s\n' engine connections "requests/s" "agent peak RSS" "engine us/req" "nginx us/req"
declare -A rate cost
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
    # The agent is looked up once (a pgrep every turn would itself load the cores); its engine threads' CPU time
    # is read every 0.2 s, and the last reading before they end is their total.
    peak=0 agent="" engine_ticks=0
    nginx_before=$(ticks "$NGINX_WORKER_PID" "")
    while kill -0 "$coordinator" 2>/dev/null; do
        [[ -n "$agent" ]] || agent=$(pgrep -f "$bin/agent --coordinator" | head -1 || true)
        if [[ -n "$agent" ]]; then
            rss=$(awk '/VmHWM/{print $2}' "/proc/$agent/status" 2>/dev/null || echo 0)
            ((rss > peak)) && peak=$rss
            now_ticks=$(ticks "$agent" cb-engine- 2>/dev/null || echo 0)
            ((now_ticks > engine_ticks)) && engine_ticks=$now_ticks
        fi
        sleep 0.2
    done
    wait "$coordinator" || { cat "$work/err-$connections" >&2; exit 1; }
    nginx_ticks=$(($(ticks "$NGINX_WORKER_PID" "") - nginx_before))
    read -r rps requests < <(python3 -c 'import glob,json,sys; c=json.load(open(glob.glob(sys.argv[1]+"/*/report.json")[0]))["clusters"][0]; print("%.0f %d" % (c["throughputPerSecond"], c["completed"] + c["failed"]))' "$work/results-$connections")
    engine_us=$(python3 -c 'import sys; print("%.2f" % (int(sys.argv[1]) * int(sys.argv[3]) / max(1, int(sys.argv[2]))))' "$engine_ticks" "$requests" "$tick_us")
    nginx_us=$(python3 -c 'import sys; print("%.2f" % (int(sys.argv[1]) * int(sys.argv[3]) / max(1, int(sys.argv[2]))))' "$nginx_ticks" "$requests" "$tick_us")
    printf '%8s %12s %12s %11s MiB %16s %16s\n' "$engine" "$connections" "$rps" "$((peak / 1024))" "$engine_us" "$nginx_us"
    cost[$engine-$connections]=$engine_us
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
# The engine's own cost per request at 1000 against 50 connections: flat (<= 1.11, the inverse of 0.9) means the
# drop in rate is not the engine's.
for engine in fast curl; do
    python3 -c 'import sys; print("%s: engine CPU per request, 1000 / 50 connections = %.2f" % (sys.argv[1], float(sys.argv[3]) / float(sys.argv[2])))' \
        "$engine" "${cost[$engine-50]}" "${cost[$engine-1000]}"
done
for engine in fast curl $(command -v wrk >/dev/null && echo wrk); do
    python3 -c 'import sys; print("%s: 1000 / 50 connections = %.2f" % (sys.argv[1], float(sys.argv[3]) / float(sys.argv[2])))' \
        "$engine" "${rate[$engine-50]}" "${rate[$engine-1000]}"
done
