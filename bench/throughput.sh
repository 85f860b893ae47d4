#!/usr/bin/env bash
# Throughput: ClusterBench (one agent, closed model) on each engine (the fast path and libcurl) against wrk, hey and
# Locust, in one run, same target. (The open model against wrk2: bench/open-model.sh.)
#
# nginx serves a 2-byte response on loopback with one worker pinned to CPU 0; each load generator in turn runs
# pinned to CPU 1 with the same connection count and duration. Prints requests/s of each and the ratios
# measured side by side (goals, issue 12: fast path >= 0.8 x wrk and >= 2 x hey).
# SKIP_LOCUST=1 leaves Locust out.
#   bench/throughput.sh [CONNECTIONS=50] [SECONDS=10]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
connections=${1:-50}
seconds=${2:-10}

bench_apt nginx wrk hey curl
bin=$(bench_build)
[[ -x "$repo/.venv/bin/locust" ]] || "$repo/.venv/bin/pip" install -q locust >/dev/null
work=$(mktemp -d /tmp/cb-bench-XXXX)
port=$(bench_free_port)
trap 'bench_stop_nginx; rm -rf "$work"' EXIT
bench_start_nginx 0 "$port" "$work/nginx"
url="http://127.0.0.1:$port/"

declare -A rps
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: nginx on CPU 0 at $url; load generators on CPU 1; $connections connections, ${seconds}s each"

# ClusterBench: the product itself (coordinator + one agent) with the static provider and the closed model, once per
# engine.
clusterbench() { # ENGINE MODEL-JSON -> prints the report's throughput (closed) or its cluster entry (open)
    cat >"$work/cb-$1.json" <<JSON
{
  "name": "bench-throughput-$1",
  "description": "bench/throughput.sh: $1 engine against a pinned nginx",
  "provider": {"name": "static", "urls": {"nginx": "${url}"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"engine": "$1", $2},
  "agents": {"spawn": 1}
}
JSON
    rm -rf "$work/results-$1"
    taskset -c 1 "$bin/coordinator" run "$work/cb-$1.json" --results-dir "$work/results-$1" >"$work/cb-$1.out" \
        2>"$work/cb-$1.err" || {
        cat "$work/cb-$1.err" >&2
        exit 1
    }
    python3 -c 'import glob,json,sys; r=json.load(open(glob.glob(sys.argv[1]+"/*/report.json")[0])); c=r["clusters"][0]; assert c["load"]["engine"]==sys.argv[2], c["load"]; print("%.0f" % c["throughputPerSecond"])' "$work/results-$1" "$1"
}
closed="\"model\": \"closed\", \"closed\": {\"connections\": $connections, \"duration\": \"${seconds}s\"}"
rps[fast]=$(clusterbench fast "$closed")
rps[curl]=$(clusterbench curl "$closed")
# The fast path with level-triggered epoll instead of edge-triggered (the agent reads CLUSTERBENCH_EPOLL).
rps[level]=$(CLUSTERBENCH_EPOLL=level clusterbench fast "$closed")

rps[wrk]=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" "$url" | awk '/Requests\/sec/{printf "%.0f", $2}')

rps[hey]=$(taskset -c 1 hey -z "${seconds}s" -c "$connections" "$url" | awk '/Requests\/sec/{printf "%.0f", $2}')

rps[locust]=0
if [[ -z "${SKIP_LOCUST:-}" ]]; then
    cat >"$work/locustfile.py" <<'PY'
from locust import FastHttpUser, task


class Hit(FastHttpUser):
    @task
    def get(self):
        self.client.get("/")
PY
    (cd "$work" && taskset -c 1 "$repo/.venv/bin/locust" -f locustfile.py --headless -u "$connections" -r "$connections" \
        -t "${seconds}s" --host "${url%/}" --csv locust --only-summary >/dev/null 2>&1) || true
    rps[locust]=$(python3 -c 'import csv,sys; rows=[r for r in csv.DictReader(open(sys.argv[1])) if r["Name"]=="Aggregated"]; print("%.0f" % float(rows[0]["Requests/s"]))' "$work/locust_stats.csv")
fi

echo
echo "machine: $(bench_machine)"
echo "load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %10s\n' tool "requests/s"
for tool in fast level curl wrk hey locust; do
    label=$tool
    [[ $tool == fast || $tool == curl ]] && label="clusterbench ($tool)"
    [[ $tool == level ]] && label="clusterbench (fast, LT)"
    printf '%-22s %10s\n' "$label" "${rps[$tool]}"
done
python3 - "${rps[fast]}" "${rps[curl]}" "${rps[wrk]}" "${rps[hey]}" "${rps[locust]}" "${rps[level]}" <<'PY'
import sys
fast, curl, wrk, hey, locust, level = map(float, sys.argv[1:])
print(f"fast edge / level-triggered = {fast / level:.2f}")
print(f"fast / wrk   = {fast / wrk:.2f}  (goal >= 0.80)")
print(f"fast / hey   = {fast / hey:.2f}  (goal >= 2.00)")
print(f"curl / wrk   = {curl / wrk:.2f}")
print(f"curl / hey   = {curl / hey:.2f}")
print(f"fast / curl  = {fast / curl:.2f}")
if locust > 0:
    print(f"fast / Locust = {fast / locust:.2f}")
PY

# The open model against wrk2 is bench/open-model.sh.
