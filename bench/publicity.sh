#!/usr/bin/env bash
# The public site under load (docs/performance.md, "Publicity"): the home and an article page as an anonymous visitor
# sees them, against the platform's bare view (/bench/bare-list/) and bare views rendering the same templates
# from memory, in the same run. The demo district
# plus PUBLICITY_ARTICLES published articles over 8 columns on PostgreSQL, the cache on Redis as in
# production; one gunicorn with two sync workers, wrk -t1 -c2 from its own process on 127.0.0.1, a 2 s
# warm-up, PUBLICITY_RUNS runs of PUBLICITY_DURATION per page taking turns, medians.
#
#   bench/publicity.sh                          # seeds kaopu_bench_publicity unless it holds the articles
#   PUBLICITY_ARTICLES=100000 bench/publicity.sh
#   PUBLICITY_REDIS= bench/publicity.sh         # the per-process memory cache instead of Redis
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
ARTICLES=${PUBLICITY_ARTICLES:-10000}
DURATION=${PUBLICITY_DURATION:-10s}
RUNS=${PUBLICITY_RUNS:-3}
PORT=${PUBLICITY_PORT:-8196}
DB=kaopu_bench_publicity
OUT=bench/results/publicity-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=kaopu.settings_bench KAOPU_INSECURE_HTTP=1 KAOPU_MANIFEST_STATIC=0
export KAOPU_VAR_DIR="$PWD/var/bench" LOG_LEVEL=WARNING DATABASE_URL=$PG/$DB
export REDIS_URL=${PUBLICITY_REDIS-redis://127.0.0.1:6379/7}
command -v wrk >/dev/null || { if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/log.txt"; }

have=$(psql -qtAX "$PG/$DB" -c "SELECT count(*) FROM publicity_article WHERE state = 'published'" 2>/dev/null || echo 0)
if [ "${have:-0}" -lt "$ARTICLES" ]; then
  log "creating $DB: the demo, then $ARTICLES published articles"
  psql -qX "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  $BIN/kaopu migrate -v0
  $BIN/kaopu demo --load-only >/dev/null
  $BIN/python bench/publicity.py seed "$ARTICLES" | tee "$OUT/seed.txt"
  psql -qX "$PG/$DB" -c "VACUUM ANALYZE"
else
  log "reusing $DB ($have published articles)"; $BIN/kaopu migrate -v0
fi
[ -n "$REDIS_URL" ] && $BIN/python -c "import redis; redis.Redis.from_url('$REDIS_URL').flushdb()"
$BIN/python bench/publicity.py user
$BIN/python bench/publicity.py targets > "$OUT/targets.tsv"
$BIN/gunicorn kaopu.wsgi:application --workers 2 --worker-class sync --bind "127.0.0.1:$PORT" \
  --log-level warning --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# The bare list is a logged-in page: the bench user's session (the public pages are measured without one).
jar=$OUT/cookies.txt
token=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$jar" -c "$jar" -e "http://127.0.0.1:$PORT/accounts/login/" --data-urlencode "username=bench_staff" \
  --data-urlencode "password=Bench@2026-kaopu" --data-urlencode "csrfmiddlewaretoken=$token" "http://127.0.0.1:$PORT/accounts/login/"
COOKIE=$(awk '$6 == "sessionid" || $6 == "csrftoken" { printf "%s=%s; ", $6, $7 }' "$jar")
pages=$(cut -f1 "$OUT/targets.tsv")
path_of() { awk -F'\t' -v name="$1" '$1 == name { print $2 }' "$OUT/targets.tsv"; }
cookie_of() { awk -F'\t' -v name="$1" -v c="$COOKIE" '$1 == name { print ($3 == "-" ? "X-Anonymous: 1" : "Cookie: " c) }' "$OUT/targets.tsv"; }
for page in $pages; do
  url=http://127.0.0.1:$PORT$(path_of "$page")
  curl -s -H "$(cookie_of "$page")" -D "$OUT/headers-$page.txt" -o "$OUT/page-$ARTICLES-$page.html" -w "$page HTTP %{http_code} %{size_download} bytes\n" "$url" | tee -a "$OUT/log.txt"
  wrk -t1 -c2 -d2s -H "$(cookie_of "$page")" "$url" > /dev/null
done
for run in $(seq "$RUNS"); do
  for page in $pages; do
    url=http://127.0.0.1:$PORT$(path_of "$page")
    wrk -t1 -c2 -d"$DURATION" --latency -H "$(cookie_of "$page")" "$url" > "$OUT/wrk-$ARTICLES-$page-$run.txt"
    log "$page run $run: $(grep Requests/sec "$OUT/wrk-$ARTICLES-$page-$run.txt")"
  done
done
kill $GUNICORN; wait $GUNICORN 2>/dev/null || true
$BIN/python bench/publicity.py explain > "$OUT/explain.txt" || log "explain found a problem: $OUT/explain.txt"
$BIN/python bench/publicity.py report "$OUT" | tee "$OUT/summary.md"
log "results in $OUT"
