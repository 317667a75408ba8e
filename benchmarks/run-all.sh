#!/usr/bin/env bash
# Runs the enrollment-sync load harness and the BullMQ baseline in one session, ROUNDS times
# (rounds interleaved: every measurement of round 1, then round 2, ...), and prints the results
# table with the ratios. See benchmarks/README.md.
#
#   benchmarks/run-all.sh                 # full session, about 25 minutes
#   QUICK=1 ROUNDS=1 benchmarks/run-all.sh   # short runs, to check the set-up (about 4 minutes)
#
# Everything runs on 127.0.0.1 against a PRIVATE redis-server that this script starts on
# BENCH_REDIS_PORT (default 6390, never 6379: the BullMQ scripts FLUSH their database) and stops
# on exit, and a dedicated PostgreSQL database (PGDATABASE, default bench).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
REDIS_PORT=${BENCH_REDIS_PORT:-6390}
APP_PORT=${BENCH_APP_PORT:-18080}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-} PGDATABASE=${PGDATABASE:-bench}
BULLMQ_SRC=${BULLMQ_SRC:-$ROOT/../shared/bench}
OUT=${OUT:-$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)}
APP_JVM=${APP_JVM:--Xms128m -Xmx256m -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.log.io.enrollmentsync.examples.jetty.LoggingRepository=warn}
JMH=${JMH:-1}

if [ "$REDIS_PORT" = 6379 ]; then
  echo "BENCH_REDIS_PORT must not be 6379: others use that Redis and the BullMQ scripts flush it" >&2
  exit 2
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
echo "results: $OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -Pbenchmarks -pl benchmarks,examples/jetty-example -am package \
    -DskipTests)
fi
# Copies under neutral names: other people on this machine clean up stray example processes by
# name, which once took our runs down with them.
JAR=$OUT/bench-harness.jar
APP_JAR=$OUT/bench-app.jar
cp "$ROOT/benchmarks/target/benchmarks.jar" "$JAR"
cp "$ROOT/examples/jetty-example/target/jetty-example.jar" "$APP_JAR"

# ---- private Redis, stopped on exit --------------------------------------------------------
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "something already listens on $REDIS_PORT; stop it or set BENCH_REDIS_PORT" >&2
  exit 2
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$OUT" --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log"
stop_redis() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
trap stop_redis EXIT
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
REDIS_PID=$(cat "$OUT/redis.pid")

psql -Atc "select 1" postgres >/dev/null
psql -Atc "select 1 from pg_database where datname = '$PGDATABASE'" postgres | grep -q 1 \
  || psql -c "CREATE DATABASE $PGDATABASE" postgres

# ---- BullMQ scripts, in a scratch copy (the shared folder is read-only) --------------------
BULL=$OUT/bullmq
cp -r "$BULLMQ_SRC/bullmq" "$BULL"
chmod -R u+w "$BULL"
rm -rf "$BULL/results"
(cd "$BULL" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# ---- the machine -----------------------------------------------------------------------------
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "app JVM flags: $APP_JVM"
  echo "node: $(node -v); bullmq $(node -p "require('$BULL/node_modules/bullmq/package.json').version")"
  echo "redis-server: $(redis-cli -p "$REDIS_PORT" info server | grep -E '^redis_version' | tr -d '\r')"
  echo "postgres: $(psql -Atc 'select version()')"
  echo "pg settings: $(psql -Atc "select string_agg(name||'='||setting, ' ') from pg_settings where name in ('shared_buffers','synchronous_commit','fsync','max_connections')")"
  echo "uptime at start: $(uptime)"
} | tee "$OUT/env.txt"

if [ "$QUICK" = 1 ]; then
  S_WARM=2; S_DUR=5; S_SUST=15; S_DRAIN=40000; S_BULL_N=5000; S_LAT=5; RETENTION=15
else
  S_WARM=20; S_DUR=20; S_SUST=60; S_DRAIN=100000; S_BULL_N=20000; S_LAT=20; RETENTION=40
fi

ours() { # label timeout mode args...
  local label=$1 to=$2 mode=$3; shift 3
  echo "=== ours $label (round $round) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout "$to" java -Xmx512m -cp "$JAR" io.enrollmentsync.bench.load.LoadHarness "$mode" \
    --label "$label" --run "$round" --results "$OUT/ours.jsonl" --log-dir "$OUT/logs" \
    --jar "$APP_JAR" --port "$APP_PORT" --redis-port "$REDIS_PORT" --redis-pid "$REDIS_PID" \
    --jdbc-url "jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" --db-user "$PGUSER" \
    --db-password "$PGPASSWORD" --app-jvm "$APP_JVM" --time-limit "$to" "$@" \
    > "$OUT/logs/$label.$round.out" 2>&1 \
    || echo "!!! ours $label round $round failed rc=$? (see $OUT/logs/$label.$round.out)" \
      | tee -a "$OUT/failures.txt"
  grep '^RESULT' "$OUT/logs/$label.$round.out" | cut -c1-400 || true
}

bull() { # label timeout script args...
  local label=$1 to=$2; shift 2
  echo "=== BullMQ $label (round $round) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$BULL" && REDIS_HOST=127.0.0.1 REDIS_PORT=$REDIS_PORT BENCH_LABEL=$label BENCH_RUN=$round \
    RESULTS_FILE=$OUT/bullmq.jsonl timeout "$to" node "$@" > "$OUT/logs/bull-$label.$round.out" 2>&1) \
    || echo "!!! BullMQ $label round $round failed rc=$?" | tee -a "$OUT/failures.txt"
  grep '^RESULT' "$OUT/logs/bull-$label.$round.out" | cut -c1-400 || true
}

mkdir -p "$OUT/logs"
for round in $(seq 1 "$ROUNDS"); do
  bull process-pg-c10 240 process.js --handler pg --concurrency 10 --n "$S_BULL_N"
  ours drain 420 drain --events "$S_DRAIN" --connections 50
  ours drain-b500 420 drain --events "$S_DRAIN" --connections 50 \
    --app-env SYNC_WORKER_BATCH_SIZE=500
  bull process-pg-c50 240 process.js --handler pg --concurrency 50 --n "$S_BULL_N"
  ours ingest 240 ingest --warmup "$S_WARM" --duration "$S_DUR" --connections 50
  bull latency-1000rps-c10 150 latency.js --rate 1000 --duration "$S_LAT" --concurrency 10
  ours rate 240 rate --rate 1000 --warmup "$S_WARM" --duration "$S_LAT"
  bull enqueue-single-inflight50 120 enqueue.js --mode single --inflight 50 --n 50000
  ours sustained 420 sustained --warmup "$S_WARM" --duration "$S_SUST" \
    --retention-wait "$RETENTION" --app-env "SYNC_DEDUPE_TTL=${RETENTION}s"
  ours mix 240 mix --warmup "$S_WARM" --duration "$S_DUR"
done

if [ "$JMH" = 1 ]; then
  echo "=== JMH (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ "$QUICK" = 1 ]; then JMH_OPTS="-wi 1 -w 1 -i 2 -r 1"; else JMH_OPTS=""; fi
  # shellcheck disable=SC2086
  timeout 900 java -jar "$JAR" $JMH_OPTS -rf json -rff "$OUT/jmh.json" \
    -jvmArgsAppend "-Dbench.jdbc.url=jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE -Dbench.db.user=$PGUSER -Dbench.db.password=$PGPASSWORD" \
    > "$OUT/jmh.txt" 2>&1 || echo "!!! JMH failed" | tee -a "$OUT/failures.txt"
  sed -n '/^Benchmark/,$p' "$OUT/jmh.txt"
fi

echo "uptime at end: $(uptime)" | tee -a "$OUT/env.txt"
java -cp "$JAR" io.enrollmentsync.bench.load.Summary "$OUT/ours.jsonl" "$OUT/bullmq.jsonl" \
  | tee "$OUT/summary.md"
[ ! -s "$OUT/failures.txt" ] || { echo "some runs failed:"; cat "$OUT/failures.txt"; }
