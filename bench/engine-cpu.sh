#!/usr/bin/env bash
# CPU per request of the engine thread in the open model: one agent (coordinator and agent on CPU 1) against the
# pinned nginx of throughput.sh at RATE requests/s for 10 s with maxInFlight 100; the agent's busiest thread's CPU
# time (/proc/PID/task/*/stat) over the middle 5 s, divided by the requests due in them. Also prints each run's late
# fraction and p99. With COMPARE=DIR (a folder holding another build's `coordinator` and `agent`), the two builds run
# in turns, ROUNDS times each, so a change is judged side by side.
#   bench/engine-cpu.sh [RATE=40000] [ROUNDS=3]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rate=${1:-40000}
rounds=${2:-3}

bench_apt nginx curl
bin=$(bench_build)
bench_workspace cpu
bench_serve
cat >"$work/cb.json" <<JSON
{"name": "bench-cpu", "provider": {"name": "static", "urls": {"nginx": "$url"}},
 "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
 "load": {"engine": "fast", "model": "open", "open": {"rate": $rate, "duration": "10s", "maxInFlight": 100}},
 "agents": {"spawn": 1}}
JSON

busiest() { # PID -> the largest user + system CPU time (ticks) among its threads
    for task in /proc/"$1"/task/*; do awk '{print $14 + $15}' "$task/stat"; done | sort -n | tail -1
}

measure() { # BUILD-FOLDER LABEL
    rm -rf "$work/results"
    CLUSTERBENCH_HOME=$repo taskset -c 1 "$1/coordinator" run "$work/cb.json" --results-dir "$work/results" \
        >/dev/null 2>"$work/err" &
    local coordinator=$! agent=""
    for _ in $(seq 200); do agent=$(pgrep -f "$1/agent --coordinator" | head -1 || true); [[ -n "$agent" ]] && break; sleep 0.05; done
    [[ -n "$agent" ]] || { cat "$work/err" >&2; exit 1; }
    sleep 3.5
    local before after
    before=$(busiest "$agent")
    sleep 5
    after=$(busiest "$agent")
    wait "$coordinator" || { cat "$work/err" >&2; exit 1; }
    python3 - "$work/results" "$2" "$before" "$after" "$rate" "$(getconf CLK_TCK)" <<'PY'
import glob, json, sys
folder, label, before, after, rate, ticks = sys.argv[1:]
report = json.load(open(glob.glob(folder + "/*/report.json")[0]))
c = report["clusters"][0]
w = report["agents"][0].get("engineHealth") or {"lateWakeUps": 0, "lateWakeUpMilliseconds": 0}
cpu = (int(after) - int(before)) / int(ticks)
print(f"{label:>8}: {1e6 * cpu / (float(rate) * 5):6.2f} us of CPU per request, engine thread {100 * cpu / 5:5.1f} % busy, "
      f"late {100 * c['late'] / c['sent']:.2f} %, p99 {c['latencyMilliseconds']['p99']:.2f} ms, "
      f"woke > 1 ms late {w['lateWakeUps']} times ({w['lateWakeUpMilliseconds']:.0f} ms)")
PY
}

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "open model at $rate/s, maxInFlight 100, 10 s; CPU over the middle 5 s"
for _ in $(seq "$rounds"); do
    measure "$bin" this
    [[ -n "${COMPARE:-}" ]] && measure "$COMPARE" compare
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
