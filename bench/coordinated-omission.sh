#!/usr/bin/env bash
# Coordinated omission: the open model at R requests/s for D seconds against nginx whose only worker is stopped
# (SIGSTOP) for S seconds in the middle, twice side by side (connections opened as arrivals need them, then
# `connections` opened before the start), then wrk under the same stall for comparison.
#
# With immediate catch-up, requests due during the stall wait for its end, so for quantiles q above 1 - S/D the
# expected latency is S - (1 - q) * D + L (L the normal latency): for R=1000, D=60, S=2: p99 = 1.40 s,
# p99.9 = 1.94 s, max = S; and the count is exactly R * D. Goal: ClusterBench within +-max(5 ms, 1% of S). S in
# the expected values is the stall as measured between the two signals (a few ms longer than asked).
#
# Without connections opened first, the R * S arrivals of the stall each open a new connection, which nginx accepts
# once it runs again; with them (WARM, default R * S * 1.1, opened before the start by the second run; WARM=0 runs
# only the first) they find one connected. Either way nginx then answers the R * S queued requests one by one, which
# the analytic values leave out: the excess at p99 is that drain. So each run is also compared with the server's own
# account: nginx logs the time it answered every request (lib.sh, /logged/), and since it answers them in the order
# they came, the k-th answer is arrival k's.
#   bench/coordinated-omission.sh [RATE=1000] [SECONDS=60] [STALL=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rate=${1:-1000}
seconds=${2:-60}
stall=${3:-2}

bench_apt nginx wrk curl
bin=$(bench_build)
bench_workspace co
bench_serve
half=$(python3 -c "print(($seconds - $stall) / 2)")

# Stops the nginx worker for $stall seconds, $half seconds after the line "$1" shows up in file $2, and writes how
# long it was really stopped (sleep is a process of its own: a few ms more than asked) to file $3.
stall_when() {
    local marker=$1 file=$2 measured=$3 stopped resumed
    for _ in $(seq 600); do grep -q "$marker" "$file" 2>/dev/null && break; sleep 0.05; done
    sleep "$half"
    kill -STOP "$NGINX_WORKER_PID"
    stopped=$EPOCHREALTIME
    sleep "$stall"
    resumed=$EPOCHREALTIME
    kill -CONT "$NGINX_WORKER_PID"
    python3 -c "print($resumed - $stopped)" >"$measured"
}

warm=${WARM:-$(python3 -c "print(int($rate * $stall * 1.1))")}
# Writes the config for a run with $1 connections opened before the start.
config() {
    local connections=$1
    cat <<JSON
{
  "name": "bench-co",
  "description": "bench/coordinated-omission.sh: open model through a stall",
  "provider": {"name": "static", "urls": {"nginx": "${url}logged/$connections"}},
  "clusters": [{"name": "nginx", "path": "/nginx", "instanceType": "t2.micro", "count": 1}],
  "load": {"model": "open", "open": {"rate": $rate, "duration": "${seconds}s", "maxInFlight": 10000,
           "connections": $connections}, "requestTimeout": "30s"},
  "agents": {"spawn": 1}
}
JSON
}
runs="0"
[ "$warm" -gt 0 ] && runs="0 $warm"
for connections in $runs; do
    config "$connections" >"$work/cb-$connections.json"
    echo "bench: ClusterBench open model, $rate/s for ${seconds}s, $connections connections opened first, nginx stopped for ${stall}s after ${half}s"
    stall_when "phase 1/1" "$work/cb-$connections.err" "$work/stall-$connections" &
    taskset -c 1 "$bin/coordinator" run "$work/cb-$connections.json" --results-dir "$work/results-$connections" \
        >"$work/cb-$connections.out" 2>"$work/cb-$connections.err"
    wait
done

echo "bench: wrk, 50 connections for ${seconds}s, same stall"
(taskset -c 1 wrk -t1 -c50 -d"${seconds}s" --latency "$url" >"$work/wrk.out") &
echo go >"$work/wrk.started"
stall_when go "$work/wrk.started" "$work/stall-wrk"
wait

echo
echo "machine: $(bench_machine)"
python3 - "$work" "$rate" "$seconds" "$stall" $runs <<'PY'
import glob, json, re, sys
work, rate, seconds, stall = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
tolerance = max(0.005, 0.01 * stall)
for connections in sys.argv[5:]:
    report = json.load(open(glob.glob(f"{work}/results-{connections}/*/report.json")[0]))["clusters"][0]
    lat = report["latencyMilliseconds"]
    normal = lat["p50"] / 1000
    # The stall as it happened (between the two signals), not as asked.
    measured = float(open(f"{work}/stall-{connections}").read())
    def expected(q):
        return measured - (1 - q) * seconds + normal
    print(f"ClusterBench, {connections} connections opened first: count {lat['count']} (expected exactly "
          f"{int(rate * seconds)}), sent {report['sent']}, dropped {report.get('dropped')}, late {report.get('late')}, "
          f"nginx stopped {1000 * measured:.1f} ms")
    for name, q in (("p99", 0.99), ("p99.9", 0.999)):
        got = lat[name.replace(".", "")] / 1000
        print(f"  {name}: {got:.3f} s, expected {expected(q):.3f} s, error {1000 * (got - expected(q)):+.1f} ms "
              f"(tolerance +-{1000 * tolerance:.0f} ms) {'OK' if abs(got - expected(q)) <= tolerance else 'MISS'}")
    print(f"  max: {lat['max'] / 1000:.3f} s (expected about {measured:.3f} s); "
          f"service-time p99 {report.get('serviceTimeMilliseconds', {}).get('p99', float('nan')):.2f} ms")
    # The server's own account: nginx logged when it answered each request (to the ms). It answers in the order the
    # requests reached it, so the k-th answer is arrival k's (due at T0 + k / R); T0 + the normal latency is the
    # median of answer - k / R before the stall. The latencies so found include the drain after the stall, which
    # the analytic values above leave out.
    count = int(rate * seconds)
    answered = sorted(float(t) for t, uri in (line.split() for line in open(f"{work}/nginx/logged.log"))
                      if uri == f"/logged/{connections}")
    if len(answered) < count:
        print(f"  nginx's log holds {len(answered)} answers, expected at least {count}: no server-side comparison")
        continue
    answered = answered[-count:]  # the provider's health check came first
    before = sorted(answered[k] - k / rate for k in range(int(count * (seconds - stall) / seconds / 2 * 0.8)))
    origin = before[len(before) // 2]
    server = sorted(answered[k] - k / rate - origin + normal for k in range(count))
    for name, q in (("p99", 0.99), ("p99.9", 0.999)):
        truth = server[max(0, -(-int(q * count * 1000) // 1000) - 1)]
        got = lat[name.replace(".", "")] / 1000
        print(f"  {name} against nginx's log: {truth:.3f} s, error {1000 * (got - truth):+.1f} ms "
              f"(tolerance +-{1000 * tolerance:.0f} ms) {'OK' if abs(got - truth) <= tolerance else 'MISS'}")
text = open(work + "/wrk.out").read()
print("wrk under the same stall (latency from the actual send, closed loop):")
for line in text.splitlines():
    if re.match(r"\s+(50|75|90|99)%", line) or "Requests/sec" in line or "requests in" in line:
        print("  " + line.strip())
PY
