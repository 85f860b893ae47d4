#!/usr/bin/env bash
# Does an idle socket cost the fast path anything? (issue 12: "cost per request must not grow with the number of
# idle sockets".) One agent on CPU 1 drives 50 closed-loop connections against the pinned nginx of throughput.sh for
# SECONDS, alone, then beside IDLE more connections in the same engine loop whose requests are never answered (a
# listener on CPU 0 that accepts and never reads): those sockets sit in the epoll set with a request in flight and
# no event until their timeout. Prints the 50 connections' rate in each run, in turns, and the ratio.
#   bench/idle-sockets.sh [SECONDS=10] [IDLE=950] [ROUNDS=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}
idle=${2:-950}
rounds=${3:-2}

bench_apt nginx curl
bin=$(bench_build)
bench_at_exit='[[ -n "${hang:-}" ]] && kill "$hang" 2>/dev/null'
bench_workspace idle
hang_port=$(bench_free_port)
bench_serve
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Answers each connection's first request while the file "open" exists (the static provider's health probe), then
# accepts every connection and never reads or answers.
touch "$work/open"
taskset -c 0 python3 -c '
import os, socket, sys
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1]))); server.listen(4096)
held = []
while True:
    connection = server.accept()[0]
    if os.path.exists(sys.argv[2]):
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        connection.close()
    else:
        held.append(connection)
' "$hang_port" "$work/open" &
hang=$!
sleep 0.5

run() { # IDLE-CONNECTIONS -> requests/s of the 50 busy connections
    local extra="" urls="\"busy\": \"http://127.0.0.1:$port/\""
    if (($1 > 0)); then
        urls+=", \"idle\": \"http://127.0.0.1:$hang_port/\""
        extra=", {\"name\": \"idle\", \"path\": \"/idle\", \"instanceType\": \"t2.micro\", \"count\": 1,
          \"load\": {\"model\": \"closed\", \"closed\": {\"connections\": $1, \"duration\": \"${seconds}s\"}}}"
    fi
    cat >"$work/cb.json" <<JSON
{
  "name": "bench-idle",
  "provider": {"name": "static", "urls": {$urls}},
  "clusters": [{"name": "busy", "path": "/busy", "instanceType": "t2.micro", "count": 1}$extra],
  "load": {"schedule": "parallel", "engine": "fast", "model": "closed",
           "closed": {"connections": 50, "duration": "${seconds}s"}, "requestTimeout": "$((seconds + 3))s"},
  "agents": {"spawn": 1}
}
JSON
    rm -rf "$work/results"
    # The idle cluster's requests all time out, so the run ends with errors (exit 1): that is expected here. The
    # listener answers the health probe, and stops answering once the coordinator says the clusters are healthy.
    touch "$work/open"
    taskset -c 1 "$bin/coordinator" run "$work/cb.json" --results-dir "$work/results" >/dev/null 2>"$work/err" &
    local coordinator=$! last=busy
    (($1 > 0)) && last=idle
    for _ in $(seq 600); do grep -q "$last answers at" "$work/err" 2>/dev/null && break; sleep 0.05; done
    sleep 0.2
    rm -f "$work/open"
    wait "$coordinator" || true
    [[ -n "$(ls "$work/results" 2>/dev/null)" ]] || { cat "$work/err" >&2; exit 1; }
    python3 -c 'import glob,json,sys; r=json.load(open(glob.glob(sys.argv[1]+"/*/report.json")[0])); c=[c for c in r["clusters"] if c["name"]=="busy"][0]; print("%.0f" % (c["completed"] / float(sys.argv[2])))' \
        "$work/results" "$seconds"
}

echo "machine: $(bench_machine)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%6s %22s %22s %8s\n' round "50 busy alone (req/s)" "with $idle idle (req/s)" ratio
for round in $(seq "$rounds"); do
    alone=$(run 0)
    beside=$(run "$idle")
    printf '%6s %22s %22s %8s\n' "$round" "$alone" "$beside" "$(python3 -c "print('%.2f' % ($beside / $alone))")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
