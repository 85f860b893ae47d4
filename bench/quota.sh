#!/usr/bin/env bash
# bench/quota.sh: does a 4-vCPU instance type really serve more than a 2-vCPU type on the local provider?
#
# For each mode (CPU quotas on, then off), `coordinator run bench/quota.json` provisions one m4.large (2 vCPUs)
# and one t2.xlarge (4 vCPUs) behind HAProxy and holds them up (its one flow pauses for 2 minutes). Once both are
# healthy, two wrk processes drive the same closed load side by side, one per cluster, for DURATION seconds:
# CONNECTIONS connections each sending GET /<cluster>/work?n=WORK (a fixed amount of Python CPU work) back to
# back. Then the bench interrupts the run (Ctrl-C: the coordinator tears everything down) and prints requests/s of
# each type and their ratio, with the machine it ran on. Results: results/bench-quota/<stamp>/.
#
# Rerunnable; installs wrk (Debian) if missing; traffic only to 127.0.0.1; every step bounded in time.
# Settings (environment): DURATION (seconds, 3..60, default 10), CONNECTIONS (1..64, default 8),
# WORK (rounds per request, default 50000, about 2 ms of CPU), MODES (default "auto off").
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

duration="${DURATION:-10}"
connections="${CONNECTIONS:-8}"
work="${WORK:-50000}"
modes="${MODES:-auto off}"
[[ "$duration" =~ ^[0-9]+$ ]] && ((duration >= 3 && duration <= 60)) || { echo "DURATION: 3..60" >&2; exit 2; }
[[ "$connections" =~ ^[0-9]+$ ]] && ((connections >= 1 && connections <= 64)) || { echo "CONNECTIONS: 1..64" >&2; exit 2; }
[[ "$work" =~ ^[0-9]+$ ]] && ((work >= 1 && work <= 10000000)) || { echo "WORK: 1..10000000" >&2; exit 2; }

say() { printf 'bench: %s\n' "$*" >&2; }

# --- What it needs ---------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    say "installing wrk (Debian package)"
    sudo_cmd=()
    [[ "$(id -u)" == 0 ]] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null \
        || { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
fi
bash scripts/setup.sh >/dev/null
say "building (debug, incremental)"
swift build 2>&1 | grep -v "prohibited flag" | tail -n 1 >&2
coordinator="$repo/.build/debug/coordinator"

stamp="$(date -u +%Y%m%d-%H%M%S)"
out="$repo/results/bench-quota/$stamp"
mkdir -p "$out"

machine="$(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1), Linux $(uname -r)"
say "machine: $machine"

coordinator_pid=""
stop_coordinator() {
    # Ctrl-C for the coordinator: it stops the load and tears everything down (exit 130); bounded wait.
    if [[ -n "$coordinator_pid" ]] && kill -0 "$coordinator_pid" 2>/dev/null; then
        kill -INT "$coordinator_pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$coordinator_pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$coordinator_pid" 2>/dev/null && kill -KILL "$coordinator_pid" 2>/dev/null || true
        wait "$coordinator_pid" 2>/dev/null || true
    fi
    coordinator_pid=""
}
trap stop_coordinator EXIT

rate() { sed -n 's/^Requests\/sec:[[:space:]]*//p' "$1"; }
total() { sed -n 's/^[[:space:]]*\([0-9]*\) requests in .*/\1/p' "$1"; }
errors() { { grep -E "Non-2xx|Socket errors" "$1" || true; } | tr '\n' ' '; }

rows=()
for mode in $modes; do
    log="$out/coordinator-$mode.log"
    say "mode $mode: starting the instances (CLUSTERBENCH_LOCAL_LIMITS=$mode)"
    CLUSTERBENCH_LOCAL_LIMITS="$mode" "$coordinator" run bench/quota.json --results-dir "$out/runs-$mode" >"$log" 2>&1 &
    coordinator_pid=$!
    lb=""
    for _ in $(seq 1 900); do
        lb="$(sed -n 's/^load balancer at \(http:\/\/127\.0\.0\.1:[0-9]*\): all instances healthy$/\1/p' "$log")"
        [[ -n "$lb" ]] && break
        kill -0 "$coordinator_pid" 2>/dev/null || { cat "$log" >&2; say "the coordinator stopped early"; exit 1; }
        sleep 0.1
    done
    [[ -n "$lb" ]] || { cat "$log" >&2; say "instances not healthy within 90 s"; exit 1; }
    grep -E "warning|limits" "$log" | sed 's/^ */  /' >&2 || true

    for cluster in vcpu2 vcpu4; do  # warm-up: one request each
        curl -fsS --max-time 10 "$lb/$cluster/work?n=$work" >/dev/null
    done
    say "mode $mode: wrk -t1 -c$connections -d${duration}s on $lb/{vcpu2,vcpu4}/work?n=$work, side by side"
    for cluster in vcpu2 vcpu4; do
        timeout $((duration + 20)) wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s \
            "$lb/$cluster/work?n=$work" >"$out/wrk-$mode-$cluster.txt" 2>&1 &
    done
    wait_status=0
    for job in $(jobs -p); do
        [[ "$job" == "$coordinator_pid" ]] && continue
        wait "$job" || wait_status=$?
    done
    ((wait_status == 0)) || { say "wrk failed ($wait_status)"; cat "$out"/wrk-"$mode"-*.txt >&2; exit 1; }
    # With quotas: how often each instance hit its quota (cgroup v1 cpu.stat or v2 cpu.stat), read before teardown.
    throttling=""
    for folder in $(cat "$out/runs-$mode"/*/cgroups.txt 2>/dev/null); do
        [[ "$folder" == */vcpu[24]-1 && -f "$folder/cpu.stat" ]] || continue
        periods="$(sed -n 's/^nr_periods //p' "$folder/cpu.stat")"
        throttled="$(sed -n 's/^nr_throttled //p' "$folder/cpu.stat")"
        [[ -n "$periods" && "$periods" != 0 ]] || continue
        throttling+="${throttling:+, }${folder##*/} throttled in $throttled of $periods periods"
    done
    [[ -z "$throttling" ]] || say "mode $mode: $throttling"
    stop_coordinator
    report="$(ls "$out/runs-$mode"/*/report.json)"
    profiles="$(python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
parts = []
for c in r["clusters"]:
    p = c.get("profile") or {}
    q = p.get("cpuQuota")
    parts.append(f'{c["instanceType"]}: {p.get("workers")}w x {p.get("threads")}t, '
                 + (f'{q:g} CPU, {p.get("memoryLimitMiB")} MiB' if p.get("enforced") else "not enforced"))
print("; ".join(parts))
PY
)"
    r2="$(rate "$out/wrk-$mode-vcpu2.txt")"; r4="$(rate "$out/wrk-$mode-vcpu4.txt")"
    n2="$(total "$out/wrk-$mode-vcpu2.txt")"; n4="$(total "$out/wrk-$mode-vcpu4.txt")"
    ratio="$(python3 -c "print(f'{float($r4) / float($r2):.2f}')")"
    problems="$(errors "$out/wrk-$mode-vcpu2.txt")$(errors "$out/wrk-$mode-vcpu4.txt")"
    rows+=("| $mode | $r2 ($n2 req) | $r4 ($n4 req) | $ratio | $profiles${throttling:+; $throttling}${problems:+; $problems} |")
    say "mode $mode: m4.large $r2 req/s, t2.xlarge $r4 req/s, ratio $ratio"
done

{
    echo "bench/quota.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ): $machine"
    echo "closed load: wrk -t1 -c$connections -d${duration}s per instance, side by side, GET /<cluster>/work?n=$work"
    echo
    echo "| limits | m4.large (2 vCPUs) req/s | t2.xlarge (4 vCPUs) req/s | ratio | profiles (report.json) |"
    echo "| --- | --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
} | tee "$out/summary.md"
say "results in $out"
