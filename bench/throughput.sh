#!/usr/bin/env bash
# Throughput: ClusterBench (one agent, closed model) against wrk, hey and Locust, in one run, same target.
#
# nginx serves a 2-byte response on loopback with one worker pinned to CPU 0; each load generator in turn runs
# pinned to CPU 1 with the same connection count and duration. Prints requests/s of each and the ratios
# ClusterBench/wrk and ClusterBench/hey measured side by side (goal: >= 0.6 x wrk, >= 1.5 x hey).
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
echo "bench: nginx on CPU 0 at $url; load generators on CPU 1; $connections connections, ${seconds}s each"

# ClusterBench: the product itself (coordinator + one agent) with the static provider and the closed model.
cat >"$work/cb.json" <<JSON
{
  "name": "bench-throughput",
  "description": "bench/throughput.sh: closed model against a pinned nginx",
  "provider": {"name": "static", "urls": {"nginx": "${url}"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"model": "closed", "closed": {"connections": $connections, "duration": "${seconds}s"}},
  "agents": {"spawn": 1}
}
JSON
taskset -c 1 "$bin/coordinator" run "$work/cb.json" --results-dir "$work/results" >"$work/cb.out" 2>"$work/cb.err" || {
    cat "$work/cb.err" >&2
    exit 1
}
rps[clusterbench]=$(python3 -c 'import glob,json,sys; r=json.load(open(glob.glob(sys.argv[1]+"/*/report.json")[0])); print("%.0f" % r["clusters"][0]["throughputPerSecond"])' "$work/results")

rps[wrk]=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" "$url" | awk '/Requests\/sec/{printf "%.0f", $2}')

rps[hey]=$(taskset -c 1 hey -z "${seconds}s" -c "$connections" "$url" | awk '/Requests\/sec/{printf "%.0f", $2}')

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

echo
echo "machine: $(bench_machine)"
printf '%-14s %10s\n' tool "requests/s"
for tool in clusterbench wrk hey locust; do printf '%-14s %10s\n' "$tool" "${rps[$tool]}"; done
python3 - "${rps[clusterbench]}" "${rps[wrk]}" "${rps[hey]}" "${rps[locust]}" <<'PY'
import sys
cb, wrk, hey, locust = map(float, sys.argv[1:])
print(f"ClusterBench / wrk    = {cb / wrk:.2f}  (goal >= 0.60)")
print(f"ClusterBench / hey    = {cb / hey:.2f}  (goal >= 1.50)")
print(f"ClusterBench / Locust = {cb / locust:.2f}")
PY
