#!/usr/bin/env bash
# make loadtest: gunicorn on loopback in front of suits_bench, a manager's mixed load from
# Locust for a bounded time, then the figures. Exits non-zero if any request failed.
# Takes its settings from the environment (the Makefile sets them); extra arguments go to
# Locust (e.g. --run-time 30s).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PORT=${LOADTEST_PORT:-8765}
USERS=${LOADTEST_USERS:-20}
RUN_TIME=${LOADTEST_TIME:-60s}
WORKERS=${LOADTEST_WORKERS:-3}
export LOADTEST_PASSWORD=${LOADTEST_PASSWORD:-suits-loadtest-manager}
export LOADTEST_OUT=loadtest/results  # ids.json in, summary.json and logs out
HOST=http://127.0.0.1:$PORT

rm -rf "$LOADTEST_OUT"
mkdir -p "$LOADTEST_OUT"
if curl -s -o /dev/null "$HOST/"; then
  echo "Something already answers on $HOST; set LOADTEST_PORT to a free port." >&2
  exit 1
fi

$BIN/python manage.py loadtest_prepare --password "$LOADTEST_PASSWORD" --ids "$LOADTEST_OUT/ids.json"
$BIN/python manage.py collectstatic --no-input -v 0

# CPU seconds the given processes have used so far (utime + stime from /proc).
cpu_seconds() {
  local pid ticks=0
  for pid in "$@"; do
    if [ -r "/proc/$pid/stat" ]; then
      ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
    fi
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}'
}
# CPU seconds the whole machine has been busy, all cores (to see what else was running).
machine_cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.1f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat
}

$BIN/gunicorn agency.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --error-logfile "$LOADTEST_OUT/gunicorn.log" &
gunicorn_pid=$!
stop_gunicorn() {
  if kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid"  # graceful: the workers finish their request and exit
    for _ in $(seq 40); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$gunicorn_pid" 2>/dev/null || true
  fi
  wait "$gunicorn_pid" 2>/dev/null || true
}
locust_pid=
cleanup() {
  if [ -n "$locust_pid" ]; then kill "$locust_pid" 2>/dev/null || true; fi
  stop_gunicorn
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 60); do
  curl -s -o /dev/null "$HOST/login/" && break
  kill -0 "$gunicorn_pid" 2>/dev/null || { cat "$LOADTEST_OUT/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
mapfile -t workers < <(pgrep -P "$gunicorn_pid")
echo "gunicorn (pid $gunicorn_pid, ${#workers[@]} workers) answers on $HOST;" \
  "Locust: $USERS users, no wait, $RUN_TIME."

# This machine's speed drifts from run to run: time a fixed pure-Python loop to compare by.
calibration_ms=$($BIN/python -c 'import time; t = time.perf_counter()
sum(i * i for i in range(2_000_000)); print(round((time.perf_counter() - t) * 1000))')

set +e
# Locust logs in and warms up first (test_start), so sample CPU from inside the run.
$BIN/locust -f loadtest/locustfile.py --headless --only-summary --host "$HOST" \
  --users "$USERS" --spawn-rate "$USERS" --run-time "$RUN_TIME" "$@" &
locust_pid=$!
sleep 5
# The PostgreSQL backends serving the workers (CONN_MAX_AGE keeps them for the whole run).
mapfile -t postgres < <(psql "$DATABASE_URL" -Atc "SELECT pid FROM pg_stat_activity
  WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
server_cpu_start=$(cpu_seconds "${workers[@]}")
db_cpu_start=$(cpu_seconds "${postgres[@]}")
machine_cpu_start=$(machine_cpu_seconds)
started=$(date +%s.%N)
wait "$locust_pid"
locust_status=$?
locust_pid=
ended=$(date +%s.%N)
server_cpu=$(awk -v a="$server_cpu_start" -v b="$(cpu_seconds "${workers[@]}")" 'BEGIN {print b - a}')
db_cpu=$(awk -v a="$db_cpu_start" -v b="$(cpu_seconds "${postgres[@]}")" 'BEGIN {print b - a}')
machine_cpu=$(awk -v a="$machine_cpu_start" -v b="$(machine_cpu_seconds)" 'BEGIN {print b - a}')
set -e

stop_gunicorn
$BIN/python loadtest/report.py "$LOADTEST_OUT" --locust-status "$locust_status" \
  --users "$USERS" --workers "$WORKERS" --calibration-ms "$calibration_ms" \
  --server-cpu "$server_cpu" --db-cpu "$db_cpu" --machine-cpu "$machine_cpu" \
  --sampled "$(awk -v a="$started" -v b="$ended" 'BEGIN {print b - a}')"
