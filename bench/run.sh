#!/usr/bin/env bash
# The benchmarks of docs/performance.md (`make bench`), on PostgreSQL against a bare view that
# renders the enterprise list template from memory. Everything on 127.0.0.1. Two suites:
#   BENCH_SUITE=enterprises (default): the enterprise list, its filters and searches, and a detail page
#     at 10,000 and 1,000,000 enterprises; about 15 minutes on two cores (5 with BENCH_REUSE=1).
#   BENCH_SUITE=appeals: the staff appeal list (state + department), a department inbox, an appeal
#     detail and the measures page at 30,000 and 3,000,000 appeals (with their timelines) over
#     20,000 enterprises; seeding 3M appeals takes most of the time (skip it with BENCH_REUSE=1).
#
# Environment (all optional):
#   BENCH_SUITE       enterprises | appeals         (enterprises)
#   BENCH_PG          server URL without database  (postgres://postgres@127.0.0.1:5432)
#   BENCH_SIZES       enterprise or appeal counts  ("10000 1000000" or "30000 3000000")
#   BENCH_DURATION    one wrk run                  (10s)
#   BENCH_RUNS        runs per page; medians kept  (3)
#   BENCH_CONNECTIONS wrk connections              (2, one per gunicorn worker)
#   BENCH_REUSE=1     keep a database that already holds the right number of enterprises
#   BENCH_PAGES       only these pages, e.g. "list bare"
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
export BENCH_SUITE=${BENCH_SUITE:-enterprises}
case $BENCH_SUITE in
  enterprises) SIZES=${BENCH_SIZES:-"10000 1000000"}; PREFIX=kaopu_bench_; COUNTED=directory_enterprise ;;
  appeals) SIZES=${BENCH_SIZES:-"30000 3000000"}; PREFIX=kaopu_bench_appeals_; COUNTED=appeals_appeal ;;
  *) echo "BENCH_SUITE is enterprises or appeals"; exit 2 ;;
esac
DURATION=${BENCH_DURATION:-10s}
RUNS=${BENCH_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-2}
PORT=${BENCH_PORT:-8089}
OUT=bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi

declare -A GUNICORN PORTS COOKIES
stop_all() {
  for pid in "${GUNICORN[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  GUNICORN=()
}
trap stop_all EXIT

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/log.txt"; }

prepare_database() {  # $1 size: create, migrate and seed $PREFIX<size> unless reusable
  local size=$1 db=$PREFIX$1
  if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(psql -qtAX "$PG/$db" -c "SELECT count(*) FROM $COUNTED" 2>/dev/null)" = "$size" ]; then
    log "reusing $db"
    return
  fi
  log "creating $db"
  psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $db" \
    -c "CREATE DATABASE $db TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  $BIN/kaopu migrate -v0
  if [ "$BENCH_SUITE" = appeals ]; then
    log "seeding 20000 enterprises and $size appeals"
    $BIN/kaopu seed --enterprises 20000 --appeals "$size" | tee "$OUT/seed-$size.txt"
  else
    log "seeding $size enterprises"
    $BIN/kaopu seed --enterprises "$size" --people | tee "$OUT/seed-$size.txt"
  fi
  psql -qX "$PG/$db" -c "VACUUM ANALYZE"
}

start_gunicorn() {  # $1 size $2 port: one server per database, 2 sync workers each
  DATABASE_URL=$PG/$PREFIX$1 $BIN/gunicorn kaopu.wsgi:application --workers 2 --worker-class sync \
    --bind "127.0.0.1:$2" --log-level warning --error-logfile "$OUT/gunicorn-$1.log" &
  GUNICORN[$1]=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return; sleep 0.2; done
  echo "gunicorn did not start; see $OUT/gunicorn-$1.log"; exit 1
}

login() {  # $1 base URL $2 user; prints the Cookie header value of a logged-in session
  local base=$1 jar=$OUT/cookies.txt token
  rm -f "$jar"
  token=$(curl -s -c "$jar" "$base/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -b "$jar" -c "$jar" -e "$base/accounts/login/" \
    --data-urlencode "username=$2" --data-urlencode "password=Bench@2026-kaopu" \
    --data-urlencode "csrfmiddlewaretoken=$token" "$base/accounts/login/"
  awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar"
}

path_of() { awk -F'\t' -v name="$2" '$1 == name { print $2 }' "$OUT/targets-$1.tsv"; }
user_of() { awk -F'\t' -v name="$2" '$1 == name { print $3 }' "$OUT/targets-$1.tsv"; }
cookie_of() { echo "${COOKIES[$1:$(user_of "$1" "$2")]}"; }

wrk_run() {  # $1 size $2 page $3 duration [$4 run]: one wrk run against the size's server
  local base=http://127.0.0.1:${PORTS[$1]} path cookie
  path=$(path_of "$1" "$2")
  cookie=$(cookie_of "$1" "$2")
  if [ -n "${4:-}" ]; then
    wrk -t1 -c"$CONNECTIONS" -d"$3" --latency -H "Cookie: $cookie" "$base$path" > "$OUT/wrk-$1-$2-$4.txt"
    echo "    $1 $2 run $4: $(grep Requests/sec "$OUT/wrk-$1-$2-$4.txt")"
  else
    wrk -t1 -c"$CONNECTIONS" -d"$3" -H "Cookie: $cookie" "$base$path" > /dev/null
  fi
}

echo "results in $OUT"
{ echo "suite $BENCH_SUITE, commit $(git rev-parse --short HEAD)"; nproc; psql -qtAX "$PG/postgres" -c 'SELECT version()'; wrk --version | head -1 || true; } > "$OUT/environment.txt" 2>&1

port=$PORT
for size in $SIZES; do
  export DATABASE_URL=$PG/$PREFIX$size
  prepare_database "$size"
  $BIN/python bench/bench.py user
  $BIN/python bench/bench.py targets > "$OUT/targets-$size.tsv"
  PORTS[$size]=$port
  start_gunicorn "$size" "$port"
  for user in $(cut -f3 "$OUT/targets-$size.tsv" | sort -u); do
    COOKIES[$size:$user]=$(login "http://127.0.0.1:$port" "$user")
    case "${COOKIES[$size:$user]}" in *sessionid=*) ;; *) echo "login of $user failed at $size"; exit 1 ;; esac
  done
  port=$((port + 1))
done

# Runs take turns across pages and sizes (run 1 of every page at every size, then run 2, …), so
# that on a shared machine every measurement sees the same mix of background load.
FIRST=$(echo $SIZES | cut -d' ' -f1)
PAGES=""
for page in $(cut -f1 "$OUT/targets-$FIRST.tsv"); do
  if [ -z "${BENCH_PAGES:-}" ] || [[ " $BENCH_PAGES " == *" $page "* ]]; then PAGES="$PAGES $page"; fi
done
for page in $PAGES; do
  for size in $SIZES; do
    status=$(curl -s -o "$OUT/page-$size-$page.html" -w '%{http_code}' -H "Cookie: $(cookie_of "$size" "$page")" \
      "http://127.0.0.1:${PORTS[$size]}$(path_of "$size" "$page")")
    [ "$status" = 200 ] || { echo "$page answered $status at $size"; exit 1; }
    log "$size $page $(path_of "$size" "$page") ($(grep -c '<tr>' "$OUT/page-$size-$page.html") rows)"
    wrk_run "$size" "$page" 2s  # warm-up
  done
done
for run in $(seq "$RUNS"); do
  log "run $run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for page in $PAGES; do
    for size in $SIZES; do wrk_run "$size" "$page" "$DURATION" "$run"; done
  done
done
stop_all

LARGEST=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
log "EXPLAIN ANALYZE at $LARGEST"
DATABASE_URL=$PG/$PREFIX$LARGEST $BIN/python bench/bench.py explain > "$OUT/explain-$LARGEST.txt" \
  || log "some query reads a whole table or counts: see $OUT/explain-$LARGEST.txt"
$BIN/python bench/bench.py report "$OUT" | tee "$OUT/summary.md"
