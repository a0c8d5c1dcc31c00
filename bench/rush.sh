#!/usr/bin/env bash
# The registration rush (docs/performance.md): RUSH_USERS enterprise users register for one meeting of
# RUSH_SEATS seats at the same moment, through the API, against gunicorn on PostgreSQL, from a separate
# load-generating process on 127.0.0.1. Prints latency percentiles, then checks the database for over-booking.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
USERS=${RUSH_USERS:-500}
SEATS=${RUSH_SEATS:-50}
WORKERS=${RUSH_WORKERS:-4}
PORT=${RUSH_PORT:-8095}
DB=kaopu_bench_rush
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING DATABASE_URL=$PG/$DB

psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" \
  -c "CREATE DATABASE $DB TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
$BIN/kaopu migrate -v0
$BIN/kaopu seed --enterprises "$USERS" -v0
$BIN/python bench/rush.py prepare "$USERS" "$SEATS"

$BIN/gunicorn kaopu.wsgi:application --workers "$WORKERS" --worker-class sync --bind "127.0.0.1:$PORT" \
  --log-level warning --backlog 2048 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

status=0
$BIN/python bench/rush.py fire "http://127.0.0.1:$PORT" || status=1
$BIN/python bench/rush.py check || status=1
exit $status
