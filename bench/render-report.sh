#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium (Debian's package) to a PNG, and checks what a reader would see:
# the page loads with no console message of level warning or error, and every chart has data (each chart's SVG
# carries data-points="N", the number of points or bars it drew; N must be above 0).
#
#   bench/render-report.sh [RUN_FOLDER] [OUT.png]
#
# Without a run folder it runs config/local.json first (about a minute). Expected: "charts: 8, empty: 0",
# "console messages: 0", and the PNG. docs/report-example.png was made this way.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
bench_apt chromium

run="${1:-}"
out="${2:-/tmp/clusterbench-report.png}"
if [[ -z "$run" ]]; then
    bin="$(bench_build)"
    results="$(mktemp -d /tmp/clusterbench-render-XXXXXX)"
    (cd "$repo" && "$bin/coordinator" run config/local.json --results-dir "$results" >/dev/null)
    run="$(ls -d "$results"/*/ | head -n 1)"
fi
page="file://$(cd "$run" && pwd)/report.html"
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars)

# Console messages reach stderr as "CONSOLE(line)" lines with --enable-logging=stderr --v=0.
log="$(mktemp)"
chromium "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1100,2400 --screenshot="$out" "$page" 2>"$log" >/dev/null
console=$(grep -c 'CONSOLE' "$log" || true)
dom="$(chromium "${flags[@]}" --dump-dom "$page" 2>/dev/null)"
charts=$(grep -o 'data-points="[0-9]*"' <<<"$dom" | wc -l)
empty=$(grep -o 'data-points="0"' <<<"$dom" | wc -l || true)
echo "page: $page"
echo "charts: $charts, empty: $empty"
echo "console messages: $console"
grep 'CONSOLE' "$log" || true
rm -f "$log"
echo "png: $out"
[[ "$charts" -gt 0 && "$empty" -eq 0 && "$console" -eq 0 ]]
