#!/usr/bin/env bash
# The work report at 30,000 and 3,000,000 appeals (docs/performance.md, "The work report"): the cockpit's
# databases (kaopu_bench_appeals_N, seeded by bench/cockpit.sh with COCKPIT_WITH_DEMO=1, or by the same
# commands), migrated, then `bench/report.py measure` on each and `bench/report.py explain` on the largest.
#
#   bench/report.sh                         # REPORT_SIZES="30000 3000000" REPORT_RUNS=5
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
SIZES=${REPORT_SIZES:-"30000 3000000"}
RUNS=${REPORT_RUNS:-5}
OUT=bench/results/report-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0 HUEY_IMMEDIATE=1
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING
for size in $SIZES; do
  export DATABASE_URL=$PG/kaopu_bench_appeals_$size
  $BIN/kaopu migrate -v0
  echo "[$(date +%H:%M:%S)] measuring $size" | tee -a "$OUT/log.txt"
  $BIN/python bench/report.py measure --runs "$RUNS" | tee "$OUT/measure-$size.json"
done
$BIN/python bench/report.py explain > "$OUT/explain-${SIZES##* }.txt" || echo "explain found a problem: $OUT/explain-${SIZES##* }.txt"
tail -1 "$OUT/explain-${SIZES##* }.txt"
$BIN/python bench/report.py table "$OUT"/measure-*.json | tee "$OUT/summary.md"
