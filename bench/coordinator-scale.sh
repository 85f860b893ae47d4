#!/usr/bin/env bash
# Coordinator cost against agent count: N light agents (real `agent` processes, started by hand against the
# coordinator on loopback) run the open model at 1 request/s per agent per cluster against a local nginx, two
# clusters at once, reporting every second with the default heartbeats (1 s). Measured: the coordinator process's
# OWN CPU (utime + stime of /proc/PID/stat, its threads but not its children) over the steady state of the load, as
# % of one core and per agent-second; and the end-of-run merge (the .hlog files read back and merged into the
# report), which the coordinator writes to timings.json in its run folder.
#
# Goal (issue 9): under 20 % of one core at 200 agents, and the merge under 1 s.
#   bench/coordinator-scale.sh [SECONDS=60] [AGENT_COUNTS="10 50 200"]
# PERF=1 also records the coordinator with `perf record` over the same window and prints the top of its profile.
# The agents are many processes on one host: heartbeatLiveness is raised to 30 (the interval stays the default 1 s)
# so that a host saturated by them does not get agents declared lost while the coordinator waits for a CPU.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-60}
counts=${2:-10 50 200}
warmup=8  # after the phase starts: every agent has sent a few reports
window=$((seconds - warmup - 16))  # slack: with 200 agents the phase line shows up late
((window >= 10)) || { echo "bench: SECONDS must be at least 34" >&2; exit 2; }

bench_apt nginx curl
[[ -n "${PERF:-}" ]] && bench_apt linux-perf
bin=$(bench_build)
agent_pids=()
stop_agents() { for pid in "${agent_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; agent_pids=(); }
bench_at_exit=stop_agents
bench_workspace coordscale
bench_serve
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ticks=$(getconf CLK_TCK)

# utime + stime of process $1 in clock ticks (fields 14 and 15 of /proc/PID/stat; the command name may hold spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%7s %16s %18s %10s %12s %12s   %s\n' agents "coordinator CPU" "per agent-second" "merge" intervals \
    "agents' CPU" "load average"
for n in $counts; do
    port=$(bench_free_port)
    cat >"$work/cb-$n.json" <<JSON
{
  "name": "bench-coordinator-$n",
  "provider": {"name": "static", "urls": {"cluster1": "${url}cluster1", "cluster2": "${url}cluster2"}},
  "clusters": [
    {"name": "cluster1", "path": "/cluster1", "instanceType": "t2.micro", "count": 1},
    {"name": "cluster2", "path": "/cluster2", "instanceType": "t2.micro", "count": 1}
  ],
  "load": {"schedule": "parallel", "model": "open", "open": {"rate": $n, "duration": "${seconds}s"},
           "reportInterval": "1s"},
  "agents": {"spawn": 0, "remote": $n, "remoteTimeout": "120s", "bind": "tcp://127.0.0.1:$port",
             "heartbeatLiveness": 30}
}
JSON
    log="$work/coordinator-$n.log"
    "$bin/coordinator" run "$work/cb-$n.json" --results-dir "$work/results-$n" >/dev/null 2>"$log" &
    coordinator=$!
    for _ in $(seq 300); do grep -q "remote agents on" "$log" 2>/dev/null && break; sleep 0.1; done
    for i in $(seq "$n"); do
        "$bin/agent" --coordinator "tcp://127.0.0.1:$port" --name "agent-$i" >"$work/agent-$n-$i.log" 2>&1 &
        agent_pids+=($!)
    done
    for _ in $(seq 1800); do grep -q "^phase 1/1" "$log" && break; kill -0 "$coordinator" 2>/dev/null || break; sleep 0.1; done
    sleep "$warmup"
    if ! kill -0 "$coordinator" 2>/dev/null; then
        echo "bench: the coordinator ended before the steady state with $n agents:" >&2
        tail -5 "$log" >&2
        exit 1
    fi
    before=$(cpu_ticks "$coordinator")
    declare -A agent_ticks=()
    for pid in "${agent_pids[@]}"; do agent_ticks[$pid]=$(cpu_ticks "$pid" 2>/dev/null || true); done
    start=$(date +%s.%N)
    if [[ -n "${PERF:-}" ]]; then
        perf record -F 499 -g -p "$coordinator" -o "$work/perf-$n.data" -- sleep "$window" >/dev/null 2>&1 || true
    else
        sleep "$window"
    fi
    if ! kill -0 "$coordinator" 2>/dev/null; then
        echo "bench: the coordinator ended during the window with $n agents:" >&2
        tail -5 "$log" >&2
        exit 1
    fi
    after=$(cpu_ticks "$coordinator")
    agents_cpu=0  # over the agents alive at both samples
    for pid in "${agent_pids[@]}"; do
        now=$(cpu_ticks "$pid" 2>/dev/null || true)
        [[ -n "$now" && -n "${agent_ticks[$pid]}" ]] && agents_cpu=$((agents_cpu + now - agent_ticks[$pid]))
    done
    end=$(date +%s.%N)
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    status=0
    wait "$coordinator" || status=$?
    stop_agents
    if ((status != 0)); then
        echo "bench: the coordinator failed with $n agents (exit $status):" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    run=$(ls -d "$work/results-$n"/*/)
    merge=$(python3 -c 'import json, sys; print("%.3f" % json.load(open(sys.argv[1]))["mergeSeconds"])' "$run/timings.json")
    intervals=$(cat "$run"/*.hlog | grep -cv '^[#"]' || true)
    python3 -c '
import sys
n, ticks, hz, wall = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
cpu = ticks / hz
agents = int(sys.argv[8]) / hz
print("%7d %14.1f %% %15.2f ms %8s s %12s %10.0f %%   %s" % (
    n, 100 * cpu / wall, 1000 * cpu / (n * wall), sys.argv[5], sys.argv[6], 100 * agents / wall, sys.argv[7]))' \
        "$n" "$((after - before))" "$ticks" "$(echo "$end - $start" | bc)" "$merge" "$intervals" "$load" \
        "$agents_cpu"
    if [[ -n "${PERF:-}" ]]; then
        perf report -i "$work/perf-$n.data" --no-children --stdio --percent-limit 1.5 -g none 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -25
        cp "$work/perf-$n.data" "/tmp/coordinator-scale-perf-$n.data"
        echo "(profile kept in /tmp/coordinator-scale-perf-$n.data: perf report -i ... --no-children -G)"
    fi
done
