#!/usr/bin/env bash
# libcurl's own ceiling for a closed loop, beside wrk and ClusterBench's target: bench/multi_loop.c (plain C,
# curl_multi_perform + curl_multi_poll, the engine's loop without Swift) against the same pinned nginx as
# bench/throughput.sh, one core each. Tells how much of the gap to wrk is the engine and how much is libcurl.
#   bench/libcurl-floor.sh [CONNECTIONS=50] [REQUESTS=600000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
connections=${1:-50}
requests=${2:-600000}

bench_apt nginx wrk curl libcurl4-openssl-dev gcc
bench_workspace floor
gcc -O2 -o "$work/multi_loop" "$repo/bench/multi_loop.c" $(pkg-config --cflags --libs libcurl 2>/dev/null)
bench_serve

echo "machine: $(bench_machine); $(curl --version | head -1 | cut -d' ' -f1-2)"
echo "mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req"
for mode in poll epoll; do taskset -c 1 "$work/multi_loop" "$mode" "$url" "$connections" "$requests" || true; done
wrk=$(taskset -c 1 wrk -t1 -c"$connections" -d10s "$url" | awk '/Requests\/sec/{printf "%.0f", $2}')
echo "wrk -t1 -c$connections: $wrk requests/s"
