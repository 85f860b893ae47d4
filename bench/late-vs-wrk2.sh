#!/usr/bin/env bash
# Late sends side by side: at each rate, wrk2 (with bench/wrk2-late-sends.patch, which counts its requests written
# more than 1 ms after their intended time) and then ClusterBench's open model (fast path, one agent, maxInFlight
# 100, its 100 connections opened before the start as wrk2's are; CONNECTIONS=0 opens them as arrivals need them),
# each on CPU 1 against the pinned nginx on CPU 0 for SECONDS. Prints for each tool its late fraction and p99; for
# ClusterBench also how many late sends waited for a free slot (lateAtCap: the server's doing) and the engine's late
# wake-ups; the nginx worker's CPU per request under each tool (a server woken for every request costs more per
# request than one that finds several ready at once), and each tool's own: wrk2's process (user + system),
# ClusterBench's engine threads (report.json agents[].engineHealth.cpuMilliseconds); and how often per request each
# tool's load thread and the nginx worker went to sleep (voluntary context switches over 2 s from the middle of the
# run, read twice from /proc): a paced sender leaves the server idle between requests. The rates alternate tools, so
# a change in the machine hits both.
#   bench/late-vs-wrk2.sh [SECONDS=10] [RATES="20000 40000 60000 80000"]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}
rates=${2:-20000 40000 60000 80000}
connections=${CONNECTIONS:-100}

wrk2=${WRK2:-$(bash "$repo/bench/wrk2.sh" || true)}
if [[ -z "$wrk2" || ! -x "$wrk2" ]]; then
    echo "late-vs-wrk2.sh: no wrk2 (set WRK2=PATH or WRK2_SRC=checkout, see bench/wrk2.sh): comparison skipped"
    exit 0
fi
bench_apt nginx curl
bin=$(bench_build)
bench_workspace late
bench_serve

# CPU time of the nginx worker so far, in clock ticks of 10 ms (utime + stime, fields 14 and 15 of /proc/PID/stat).
nginx_ticks() { sed 's/.*) //' "/proc/$NGINX_WORKER_PID/stat" | awk '{print $12 + $13}'; }
# The nginx worker's CPU per request, in microseconds, from tick counts $1 and $2 over $3 requests.
per_request() { python3 -c "print(f'{($2 - $1) * 10000 / max(1, $3):.1f}')"; }

# Voluntary context switches (the thread went to sleep) of the busiest thread of process $1: the load generator's.
sleeps() { for task in /proc/"$1"/task/*; do awk '/^voluntary_ctxt_switches/{print $2}' "$task/status"; done | sort -n | tail -1; }
nginx_sleeps() { awk '/^voluntary_ctxt_switches/{print $2}' "/proc/$NGINX_WORKER_PID/status"; }
# Samples the sleeps of process $1 and of nginx over 2 s from the middle of the run, as "TOOL NGINX" per request at
# rate $2; called ${seconds}/2 s after the tool started.
sample_sleeps() {
    local tool0 nginx0
    tool0=$(sleeps "$1"); nginx0=$(nginx_sleeps)
    sleep 2
    python3 -c "print(f'{($(sleeps "$1") - $tool0) / (2 * $2):.3f} {($(nginx_sleeps) - $nginx0) / (2 * $2):.3f}')"
}

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in $rates; do
    before=$(nginx_ticks)
    # wrk2's own CPU time (user + system) comes from its parent's rusage of its children.
    python3 - "$wrk2" "$seconds" "$rate" "$url" >"$work/wrk2.out" <<'PY' &
import resource, subprocess, sys
wrk2, seconds, rate, url = sys.argv[1:]
run = subprocess.run(["taskset", "-c", "1", wrk2, "-t1", "-c100", f"-d{seconds}s", f"-R{rate}", "--latency", url],
                     capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(run.stdout + run.stderr)
print(f"cpu-seconds {usage.ru_utime + usage.ru_stime:.3f}")
PY
    wrapper=$!
    sleep $((seconds / 2))
    read -r tool_sleeps nginx_sleeps_per <<<"$(sample_sleeps "$(pgrep -P "$wrapper" | head -1)" "$rate")"
    wait "$wrapper"
    out=$(cat "$work/wrk2.out")
    after=$(nginx_ticks)
    late=$(sed -n 's/.*Late sends.*(\([0-9.]*\)%).*/\1/p' <<<"$out")
    p99=$(awk '$1=="99.000%"{print $2}' <<<"$out")
    requests=$(awk '$2=="requests" && $3=="in"{print $1}' <<<"$out")
    cpu=$(awk '$1=="cpu-seconds"{print $2}' <<<"$out")
    printf '%7d/s  wrk2:         late %8s %%, p99 %9s; nginx %s us/request; wrk2 %s us/request; sleeps per request: wrk2 %s, nginx %s\n' \
        "$rate" "${late:-?}" "${p99:-?}" "$(per_request "$before" "$after" "${requests:-0}")" \
        "$(python3 -c "print(f'{${cpu:-0} * 1e6 / max(1, ${requests:-0}):.1f}')")" "$tool_sleeps" "$nginx_sleeps_per"
    cat >"$work/cb.json" <<JSON
{"name": "late-vs-wrk2", "provider": {"name": "static", "urls": {"nginx": "$url"}},
 "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
 "load": {"engine": "fast", "model": "open", "open": {"rate": $rate, "duration": "${seconds}s", "maxInFlight": 100,
                                              "connections": $connections}},
 "agents": {"spawn": 1}}
JSON
    rm -rf "$work/results"
    before=$(nginx_ticks)
    CLUSTERBENCH_HOME=$repo taskset -c 1 "$bin/coordinator" run "$work/cb.json" --results-dir "$work/results" \
        >/dev/null 2>"$work/err" &
    coordinator=$!
    # The coordinator's set-up takes about a second before the load starts; one lookup of its agent.
    sleep $((seconds / 2 + 1))
    read -r tool_sleeps nginx_sleeps_per <<<"$(sample_sleeps "$(pgrep -f "release/agent --coordinator" | head -1)" "$rate")"
    wait "$coordinator" || { cat "$work/err" >&2; exit 1; }
    after=$(nginx_ticks)
    python3 - "$work/results" "$rate" "$before" "$after" "$tool_sleeps" "$nginx_sleeps_per" <<'PY'
import glob, json, sys
r = json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))
c = r["clusters"][0]
w = r["agents"][0].get("engineHealth") or {"lateWakeUps": 0, "lateWakeUpMilliseconds": 0}
nginx = (int(sys.argv[4]) - int(sys.argv[3])) * 10000 / max(1, c["sent"])
engine = (w.get("cpuMilliseconds") or 0) * 1000 / max(1, c["sent"])
cap = c.get("lateAtCap") or 0
print(f"{int(sys.argv[2]):7d}/s  ClusterBench: late {100 * c['late'] / c['sent']:8.3f} % "
      f"({100 * cap / c['sent']:.3f} % waited for a free slot), "
      f"p99 {c['latencyMilliseconds']['p99']:7.2f}ms; nginx {nginx:.1f} us/request; engine {engine:.1f} us/request; "
      f"engine woke > 1 ms late {w['lateWakeUps']} times ({w['lateWakeUpMilliseconds']:.0f} ms); "
      f"sleeps per request: engine {sys.argv[5]}, nginx {sys.argv[6]}")
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
