#!/usr/bin/env bash
# Fuzzes the load engine's HTTP/1.1 response parser with libFuzzer (swiftc -sanitize=fuzzer,address): the parser's
# files (Sources/LoadEngine/HTTP1/*.swift, which import only the C library) plus bench/fuzz/HTTP1Fuzz.swift, seeded with a few
# valid responses. Each input is parsed whole and cut into reads; any crash, sanitizer report or disagreement stops it.
#   bench/fuzz-http1.sh [RUNS=1000000] [SECONDS=600]     (whichever ends first; prints the executions done)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-1000000}
seconds=${2:-600}
command -v swiftc >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
work=$(mktemp -d /tmp/cb-fuzz-http1-XXXX)
trap 'rm -rf "$work"' EXIT

# ld.gold warns about every ASan helper symbol it cannot export; the warnings are shown only if the build fails.
if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 \
    "$repo"/Sources/LoadEngine/HTTP1/*.swift "$repo/bench/fuzz/HTTP1Fuzz.swift" -o "$work/fuzz-http1" 2>"$work/build.log"
then
    grep -v 'Cannot export local symbol' "$work/build.log" >&2
    exit 1
fi

mkdir -p "$work/corpus"
seed() { printf '%b' "$2" >"$work/corpus/$1"; }
seed length '\x00HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Instance-Id: a\r\n\r\nhello'
seed chunked '\x06HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n'
seed interim '\x0aHTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 204 No Content\r\nConnection: keep-alive\r\n\r\n'
seed head '\x01HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\nConnection: close\r\n\r\n'
seed close '\x02HTTP/1.0 200 OK\nServer: x\n\nuntil close'

echo "fuzz: $runs runs or $seconds s at most; the parser whole against cut into reads"
"$work/fuzz-http1" -runs="$runs" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$work/corpus" \
    2>&1 | tee "$work/log" | grep -E '^(#[0-9]+ +(INITED|DONE)|Done|==|SUMMARY|stat::number_of_executed_units)' || true
executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
if grep -qE 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error|deadly signal' "$work/log"; then
    grep -E 'ERROR|Fatal error' "$work/log" | head -5
    echo "fuzz: FAILED after ${executed:-?} inputs"
    exit 1
fi
echo "fuzz: ${executed:-?} inputs, no crash, no disagreement"
