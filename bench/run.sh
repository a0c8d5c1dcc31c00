#!/usr/bin/env bash
# The benchmark of docs/performance.md (`make bench`): the enterprise list, its filters and searches,
# and a detail page at 10,000 and 1,000,000 enterprises on PostgreSQL, against a bare view that
# renders the same template from memory. Everything on 127.0.0.1; about 15 minutes on two cores.
#
# Environment (all optional):
#   BENCH_PG          server URL without database  (postgres://postgres@127.0.0.1:5432)
#   BENCH_SIZES       enterprise counts            ("10000 1000000")
#   BENCH_DURATION    one wrk run                  (10s)
#   BENCH_RUNS        runs per page; medians kept  (3)
#   BENCH_CONNECTIONS wrk connections              (2, one per gunicorn worker)
#   BENCH_REUSE=1     keep a database that already holds the right number of enterprises
#   BENCH_PAGES       only these pages, e.g. "list bare"
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
SIZES=${BENCH_SIZES:-"10000 1000000"}
DURATION=${BENCH_DURATION:-10s}
RUNS=${BENCH_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-2}
PORT=${BENCH_PORT:-8089}
BASE=http://127.0.0.1:$PORT
OUT=bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi

GUNICORN_PID=""
stop_gunicorn() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  GUNICORN_PID=""
}
trap stop_gunicorn EXIT

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/log.txt"; }

prepare_database() {  # $1 size: create, migrate and seed kaopu_bench_<size> unless reusable
  local size=$1 db=kaopu_bench_$1
  if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(psql -qtAX "$PG/$db" -c 'SELECT count(*) FROM directory_enterprise' 2>/dev/null)" = "$size" ]; then
    log "reusing $db"
    return
  fi
  log "creating $db"
  psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $db" \
    -c "CREATE DATABASE $db TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  $BIN/kaopu migrate -v0
  log "seeding $size enterprises"
  $BIN/kaopu seed --enterprises "$size" --people | tee "$OUT/seed-$size.txt"
  psql -qX "$PG/$db" -c "VACUUM ANALYZE"
}

start_gunicorn() {
  $BIN/gunicorn kaopu.wsgi:application --workers 2 --worker-class sync --bind "127.0.0.1:$PORT" \
    --log-level warning --error-logfile "$OUT/gunicorn.log" &
  GUNICORN_PID=$!
  for _ in $(seq 50); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.2; done
  echo "gunicorn did not start; see $OUT/gunicorn.log"; exit 1
}

login() {  # prints the Cookie header value of a logged-in FIC staff session
  local jar=$OUT/cookies.txt token
  rm -f "$jar"
  token=$(curl -s -c "$jar" "$BASE/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -b "$jar" -c "$jar" -e "$BASE/accounts/login/" \
    --data-urlencode "username=bench_staff" --data-urlencode "password=Bench@2026-kaopu" \
    --data-urlencode "csrfmiddlewaretoken=$token" "$BASE/accounts/login/"
  awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar"
}

measure() {  # $1 size
  local size=$1 cookie name path status
  cookie=$(login)
  case "$cookie" in *sessionid=*) ;; *) echo "login failed"; exit 1 ;; esac
  $BIN/python bench/bench.py targets > "$OUT/targets-$size.tsv"
  while IFS=$'\t' read -r name path; do
    if [ -n "${BENCH_PAGES:-}" ] && [[ " $BENCH_PAGES " != *" $name "* ]]; then continue; fi
    status=$(curl -s -o "$OUT/page-$size-$name.html" -w '%{http_code}' -H "Cookie: $cookie" "$BASE$path")
    [ "$status" = 200 ] || { echo "$name answered $status"; exit 1; }
    log "$size $name $path ($(grep -c '<tr>' "$OUT/page-$size-$name.html") rows)"
    wrk -t1 -c"$CONNECTIONS" -d2s -H "Cookie: $cookie" "$BASE$path" >/dev/null  # warm-up
    for run in $(seq "$RUNS"); do
      wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "$BASE$path" \
        > "$OUT/wrk-$size-$name-$run.txt"
      grep -E 'Requests/sec' "$OUT/wrk-$size-$name-$run.txt" | sed "s/^/    run $run: /"
    done
  done < "$OUT/targets-$size.tsv"
}

echo "results in $OUT"
{ echo "commit $(git rev-parse --short HEAD)"; nproc; psql -qtAX "$PG/postgres" -c 'SELECT version()'; wrk --version | head -1 || true; } > "$OUT/environment.txt" 2>&1
LARGEST=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
for size in $SIZES; do
  export DATABASE_URL=$PG/kaopu_bench_$size
  prepare_database "$size"
  $BIN/python bench/bench.py user
  start_gunicorn
  measure "$size"
  stop_gunicorn
  if [ "$size" = "$LARGEST" ]; then
    log "EXPLAIN ANALYZE at $size"
    $BIN/python bench/bench.py explain > "$OUT/explain-$size.txt" || log "some query reads a whole table: see $OUT/explain-$size.txt"
  fi
done
$BIN/python bench/bench.py report "$OUT" | tee "$OUT/summary.md"
