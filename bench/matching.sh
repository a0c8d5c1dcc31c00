#!/usr/bin/env bash
# The financing matching benchmark (docs/performance.md, "Financing: matching"), on PostgreSQL:
#   (a) one demand against 2,000 products in-process: rank() alone and match_demand() with its DB load;
#   (b) match_batch of 10,000 demands × 2,000 products, BENCH_RUNS times (median);
#   (c) the demand_matches page under wrk from a separate process on 127.0.0.1, taking turns with the
#       bare view (/bench/bare-list/, the enterprise list template rendered from memory) in the same run.
# About ten minutes on two cores. Environment (all optional):
#   BENCH_PG          server URL without database  (postgres://postgres@127.0.0.1:5432)
#   BENCH_DURATION    one wrk run                  (10s)
#   BENCH_RUNS        runs of the batch and of each page; medians kept (3)
#   BENCH_CONNECTIONS wrk connections              (2, one per gunicorn worker)
#   BENCH_REUSE=1     keep a database that already holds the 10,000 demands
#   BENCH_PARTS       which measurements          ("batch inprocess http"; the page needs batch run once)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=kaopu_bench_matching
DURATION=${BENCH_DURATION:-10s}
RUNS=${BENCH_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-2}
PORT=${BENCH_PORT:-8097}
OUT=bench/results/matching-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING DATABASE_URL=$PG/$DB

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/log.txt"; }
{ echo "commit $(git rev-parse --short HEAD)"; nproc; grep -m1 "model name" /proc/cpuinfo; free -g | head -2
  psql -qtAX "$PG/postgres" -c 'SELECT version()'; wrk --version | head -1 || true; } > "$OUT/environment.txt" 2>&1

if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(psql -qtAX "$PG/$DB" -c "SELECT count(*) FROM finance_financingdemand" 2>/dev/null)" = 10000 ]; then
  log "reusing $DB"
else
  log "creating $DB"
  psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  $BIN/kaopu migrate -v0
  $BIN/kaopu seed --enterprises 2000 | tail -1 | tee -a "$OUT/log.txt"
  $BIN/python bench/matching.py seed | tee -a "$OUT/log.txt"
  psql -qX "$PG/$DB" -c "VACUUM ANALYZE"
fi

PARTS=" ${BENCH_PARTS:-batch inprocess http} "
if [[ $PARTS == *" batch "* ]]; then
  log "(b) match_batch of every demand, $RUNS runs"
  $BIN/python bench/matching.py batch "$RUNS" | tee "$OUT/batch.txt"
fi
if [[ $PARTS == *" inprocess "* ]]; then
  log "(a) one demand against every product"
  $BIN/python bench/matching.py inprocess 200 | tee "$OUT/inprocess.txt"
fi
[[ $PARTS == *" http "* ]] || exit 0

log "(c) the matches page against the bare view"
MATCHES=$($BIN/python bench/matching.py target)
$BIN/gunicorn kaopu.wsgi:application --workers 2 --worker-class sync --bind "127.0.0.1:$PORT" \
  --log-level warning --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE=http://127.0.0.1:$PORT
JAR=$OUT/cookies.txt
TOKEN=$(curl -s -c "$JAR" "$BASE/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$JAR" -c "$JAR" -e "$BASE/accounts/login/" --data-urlencode "username=bench_staff" \
  --data-urlencode "password=Bench@2026-kaopu" --data-urlencode "csrfmiddlewaretoken=$TOKEN" "$BASE/accounts/login/"
COOKIE=$(awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$JAR")
case "$COOKIE" in *sessionid=*) ;; *) echo "login failed"; exit 1 ;; esac
declare -A PATHS=([matches]=$MATCHES [bare]=/bench/bare-list/)
for page in matches bare; do
  status=$(curl -s -o "$OUT/page-$page.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE${PATHS[$page]}")
  [ "$status" = 200 ] || { echo "$page answered $status"; exit 1; }
  log "$page ${PATHS[$page]}: $(grep -c '<article class="match' "$OUT/page-$page.html" || true) products drawn"
  wrk -t1 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "$BASE${PATHS[$page]}" > /dev/null  # warm-up
done
for run in $(seq "$RUNS"); do
  log "run $run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for page in matches bare; do  # taking turns, so both see the same background load
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE${PATHS[$page]}" \
      > "$OUT/wrk-$page-$run.txt"
    echo "    $page run $run: $(grep Requests/sec "$OUT/wrk-$page-$run.txt")"
  done
done
kill $GUNICORN; wait $GUNICORN 2>/dev/null || true
$BIN/python bench/matching.py report "$OUT" | tee "$OUT/summary.md"
echo "results in $OUT"
