#!/usr/bin/env bash
# curl_multi_poll against curl_multi_socket_action + epoll, closed loop, against HAProxy answering 200 itself
# (`http-request return`), so the server costs almost nothing and the client's loop is what differs.
# Usage: [CONNECTIONS="8 64 256"] bash bench/multi_loop.sh [REQUESTS] [ROUNDS]   (defaults 20000 and 3).
# Loopback only; every run is bounded (REQUESTS in all, 60 s at most), HAProxy is stopped at the end.
# Figures and how to read them: docs/BENCHMARKS.md.
set -euo pipefail
requests="${1:-20000}"
rounds="${2:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d /tmp/cb-bench-XXXXXX)"
haproxy_pid=""
cleanup() { [[ -n "$haproxy_pid" ]] && kill "$haproxy_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
gcc -O2 -o "$work/multi_loop" "$here/multi_loop.c" $(pkg-config --cflags --libs libcurl)
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout client 10s
    timeout connect 1s
    timeout server 10s
frontend bench
    bind 127.0.0.1:$port
    http-request return status 200 content-type text/plain string ok
CFG
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
echo "mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req"
for connections in ${CONNECTIONS:-8 64 256}; do
    for round in $(seq "$rounds"); do
        for mode in poll epoll; do
            # A run with errors still prints its line (and exits 1); keep going so the table is complete.
            timeout 90 "$work/multi_loop" "$mode" "http://127.0.0.1:$port/" "$connections" "$requests" || true
        done
    done
done
