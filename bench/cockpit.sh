#!/usr/bin/env bash
# The cockpit at 30,000 and 3,000,000 appeals (docs/performance.md, "The cockpit"): the same databases,
# seeding and method as `BENCH_SUITE=appeals bench/run.sh` — one gunicorn with two sync workers per
# database, wrk -t1 -c2 from its own process on 127.0.0.1, a 2 s warm-up, COCKPIT_RUNS runs of
# COCKPIT_DURATION per page taking turns, medians — and the bare view in the same run.
#
#   bench/cockpit.sh                       # seeds both databases unless they hold the right number of appeals
#   COCKPIT_SIZES="30000" bench/cockpit.sh # one size only (no ratio)
#   COCKPIT_WITH_DEMO=1 bench/cockpit.sh   # with the other modules' demo data loaded on top (once)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
SIZES=${COCKPIT_SIZES:-"30000 3000000"}
DURATION=${COCKPIT_DURATION:-10s}
RUNS=${COCKPIT_RUNS:-3}
PREFIX=kaopu_bench_appeals_
OUT=bench/results/cockpit-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING
# The pages, not the second step of the login: the middleware still runs, staff need no code.
export KAOPU_TWO_FACTOR_REQUIRED_ROLES=system_admin
command -v wrk >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/log.txt"; }

declare -A GUNICORN PORTS COOKIES
stop_all() { for pid in "${GUNICORN[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap stop_all EXIT

port=8190
for size in $SIZES; do
  db=$PREFIX$size
  export DATABASE_URL=$PG/$db
  # Seeded once: $size appeals, plus at most a few thousand when the demo of the other modules was loaded
  # on top (COCKPIT_WITH_DEMO=1 below: meetings, financing, legal and investment at their demo sizes).
  have=$(psql -qtAX "$PG/$db" -c "SELECT count(*) FROM appeals_appeal" 2>/dev/null || echo 0)
  if [ "${have:-0}" -lt "$size" ] || [ "${have:-0}" -gt "$((size + 5000))" ]; then
    log "creating and seeding $db (20000 enterprises, $size appeals)"
    psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $db" \
      -c "CREATE DATABASE $db TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    $BIN/kaopu migrate -v0
    $BIN/kaopu seed --enterprises 20000 --appeals "$size" | tee "$OUT/seed-$size.txt"
    psql -qX "$PG/$db" -c "VACUUM ANALYZE"
  else
    log "reusing $db"; $BIN/kaopu migrate -v0
  fi
  if [ "${COCKPIT_WITH_DEMO:-0}" = 1 ] && [ "$(psql -qtAX "$PG/$db" -c "SELECT count(*) FROM finance_bank")" = 0 ]; then
    log "loading the demo of the other modules into $db"; $BIN/kaopu demo --load-only >/dev/null
  fi
  $BIN/python bench/cockpit.py user
  $BIN/python bench/cockpit.py targets > "$OUT/targets-$size.tsv"
  DATABASE_URL=$PG/$db $BIN/gunicorn kaopu.wsgi:application --workers 2 --worker-class sync \
    --bind "127.0.0.1:$port" --log-level warning --error-logfile "$OUT/gunicorn-$size.log" &
  GUNICORN[$size]=$!
  PORTS[$size]=$port
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  jar=$OUT/cookies-$size.txt
  token=$(curl -s -c "$jar" "http://127.0.0.1:$port/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -b "$jar" -c "$jar" -e "http://127.0.0.1:$port/accounts/login/" --data-urlencode "username=bench_staff" \
    --data-urlencode "password=Bench@2026-kaopu" --data-urlencode "csrfmiddlewaretoken=$token" "http://127.0.0.1:$port/accounts/login/"
  COOKIES[$size]=$(awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar")
  port=$((port + 1))
done

path_of() { awk -F'\t' -v name="$2" '$1 == name { print $2 }' "$OUT/targets-$1.tsv"; }
pages=$(cut -f1 "$OUT/targets-${SIZES%% *}.tsv")
for size in $SIZES; do
  for page in $pages; do
    url=http://127.0.0.1:${PORTS[$size]}$(path_of "$size" "$page")
    curl -s -H "Cookie: ${COOKIES[$size]}" -o "$OUT/page-$size-$page.html" -w "$size $page HTTP %{http_code}\n" "$url" | tee -a "$OUT/log.txt"
    wrk -t1 -c2 -d2s -H "Cookie: ${COOKIES[$size]}" "$url" > /dev/null
  done
done
for run in $(seq "$RUNS"); do
  for page in $pages; do
    for size in $SIZES; do
      url=http://127.0.0.1:${PORTS[$size]}$(path_of "$size" "$page")
      wrk -t1 -c2 -d"$DURATION" --latency -H "Cookie: ${COOKIES[$size]}" "$url" > "$OUT/wrk-$size-$page-$run.txt"
      log "$size $page run $run: $(grep Requests/sec "$OUT/wrk-$size-$page-$run.txt")"
    done
  done
done
stop_all
largest=${SIZES##* }
DATABASE_URL=$PG/$PREFIX$largest $BIN/python bench/cockpit.py explain > "$OUT/explain-$largest.txt" || log "explain found a problem: $OUT/explain-$largest.txt"
$BIN/python bench/cockpit.py report "$OUT" | tee "$OUT/summary.md"
log "results in $OUT"
