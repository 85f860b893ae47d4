#!/usr/bin/env bash
# The floors of the designs issue 12 weighs for the engine's HTTP/1.1 fast path, side by side in one run against the
# same pinned nginx as bench/throughput.sh: wrk, (a) SwiftNIO (bench/nio-floor: NIOPosix + NIOHTTP1 on one event loop),
# (b) an epoll loop of our own with the engine's parser (bench/epoll-floor), and libcurl's floor (bench/multi_loop.c,
# curl_multi_poll). Each is a bare closed loop (keep-alive connections, the next GET when a response ends, responses
# counted), pinned to CPU 1 with nginx on CPU 0, at each connection count for SECONDS. Rounds run the tools in turn
# again, so load from elsewhere on the machine falls on all of them.
#   bench/engine-floors.sh [SECONDS=10] [ROUNDS=1]      CONNECTIONS="50 1000" picks the connection counts
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${1:-10}
rounds=${2:-1}
connection_counts=${CONNECTIONS:-"50 1000"}
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"

bench_apt nginx wrk curl libcurl4-openssl-dev gcc
bench_workspace engine-floors
echo "building: bench/nio-floor, bench/epoll-floor (swift build -c release), bench/multi_loop.c (gcc -O2)"
for package in nio-floor epoll-floor; do
    (cd "$repo/bench/$package" && swift build -c release >"$work/$package.log" 2>&1) || {
        tail -20 "$work/$package.log" >&2
        exit 1
    }
done
nio="$(cd "$repo/bench/nio-floor" && swift build -c release --show-bin-path)/NIOFloor"
epoll="$(cd "$repo/bench/epoll-floor" && swift build -c release --show-bin-path)/EpollFloor"
gcc -O2 -o "$work/multi_loop" "$repo/bench/multi_loop.c" $(pkg-config --cflags --libs libcurl 2>/dev/null)
bench_serve

# Runs a command on CPU 1; prints "requests/s cpu_us_per_request" from its output ($2: how to read the rate and the
# request count) and its process CPU time (user + sys, from bash's time).
measure() {
    local kind=$1
    shift
    local TIMEFORMAT='%U %S'
    { time taskset -c 1 "$@" >"$work/out" 2>"$work/err"; } 2>"$work/time" || true
    local cpu rate count errors
    cpu=$(awk '{print $1 + $2}' "$work/time")
    case $kind in
    wrk)
        rate=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$work/out")
        count=$(awk '/requests in/{print $1}' "$work/out")
        ;;
    line) # mode connections requests ok errors wall_s req_per_s cpu_s cpu_us_per_req
        rate=$(awk '{print $7}' "$work/out")
        count=$(awk '{print $4}' "$work/out")
        errors=$(awk '{print $5}' "$work/out")
        [[ "${errors:-0}" == 0 ]] || echo "  ($* : $errors errors: $(head -c 200 "$work/err"))" >&2
        ;;
    esac
    [[ -n "$rate" && -n "$count" && "$count" != 0 ]] || { echo "0 n/a"; return; }
    echo "$rate $(awk -v c="$cpu" -v n="$count" 'BEGIN{printf "%.1f", c * 1e6 / n}')"
}

echo "machine: $(bench_machine); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2)"
echo "nginx 1 worker on CPU 0, each client on CPU 1, $seconds s per run, $rounds round(s)"
printf '%-6s %-11s %6s %12s %8s %14s  %s\n' round connections tool "requests/s" "x wrk" "CPU us/request" "load average"
for round in $(seq "$rounds"); do
    for connections in $connection_counts; do
        read -r wrk_rate wrk_cpu < <(measure wrk wrk -t1 -c"$connections" -d"${seconds}s" "$url")
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        printf '%-6s %-11s %6s %12s %8s %14s  %s\n' "$round" "$connections" wrk "$wrk_rate" 1.00 "$wrk_cpu" "$load"
        for tool in nio epoll libcurl; do
            case $tool in
            nio) read -r rate cpu < <(measure line "$nio" 127.0.0.1 "$port" "$connections" "$seconds") ;;
            epoll) read -r rate cpu < <(measure line "$epoll" 127.0.0.1 "$port" "$connections" "$seconds") ;;
            libcurl)
                # multi_loop runs a request count: about SECONDS at half wrk's rate (its earlier floor).
                requests=$((wrk_rate * seconds / 2))
                read -r rate cpu < <(measure line "$work/multi_loop" poll "$url" "$connections" "$requests")
                ;;
            esac
            ratio=$(awk -v r="$rate" -v w="$wrk_rate" 'BEGIN{printf "%.2f", (w > 0 ? r / w : 0)}')
            load=$(cut -d' ' -f1-3 /proc/loadavg)
            printf '%-6s %-11s %6s %12s %8s %14s  %s\n' "$round" "$connections" "$tool" "$rate" "$ratio" "$cpu" "$load"
        done
    done
done
