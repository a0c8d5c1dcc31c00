#!/usr/bin/env bash
# The export benchmark of docs/performance.md ("Exports"): COPY … TO of the enterprise export's columns,
# the export button's request, and the export job, over BENCH_SIZE enterprises on PostgreSQL.
#   BENCH_PG    server URL without database (postgres://postgres@127.0.0.1:5432)
#   BENCH_SIZE  enterprises (1000000); the database kaopu_bench_<size> of bench/run.sh is reused when it
#               holds that many, else created and seeded (`kaopu seed --enterprises N --people`, ~4 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
SIZE=${BENCH_SIZE:-1000000}
DB=kaopu_bench_$SIZE
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING DATABASE_URL=$PG/$DB

if [ "$(psql -qtAX "$PG/$DB" -c "SELECT count(*) FROM directory_enterprise" 2>/dev/null)" != "$SIZE" ]; then
  echo "creating and seeding $DB"
  psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  $BIN/kaopu migrate -v0
  $BIN/kaopu seed --enterprises "$SIZE" --people
  psql -qX "$PG/$DB" -c "VACUUM ANALYZE"
fi
$BIN/kaopu migrate -v0
BENCH_SUITE=enterprises $BIN/python bench/bench.py user
OUT=bench/results/export-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
{ echo "commit $(git rev-parse --short HEAD)"; nproc; uptime; psql -qtAX "$PG/postgres" -c 'SELECT version()'; } \
  > "$OUT/environment.txt" 2>&1
$BIN/python bench/export.py all | tee "$OUT/result.md"
