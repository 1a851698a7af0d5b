#!/usr/bin/env bash
# Refresh-rotation load on loopback against PostgreSQL, with wrk (refresh.lua): SESSIONS sessions, each always
# presenting its newest refresh token; for each concurrency level a warm-up, then a measured run on the same
# sessions. For each signing algorithm given (default: RS256 then EdDSA) it starts its own token service on a
# fresh database and stops it at the end, so the algorithms are measured side by side in one run.
# Usage: bench/refresh-load/run.sh [algorithm...]      (RS256, PS256, ES256, EdDSA)
# Each level's warm-up starts right after a CHECKPOINT (same point of the checkpoint cycle for every measured
# window); the WAL column is PostgreSQL's WAL volume per refresh over the measured run, and the last column the mean
# number of refreshes each rotation statement carried (the token service groups concurrent refreshes).
# Settings (env): SESSIONS=200 CONCURRENCY="16 64" WARMUP_SECONDS=30 MEASURE_SECONDS=30 BENCH_PORT=19000
#   JIT_WARMUP_SECONDS=0 (one extra warm-up per token service, at the first level's concurrency, before any
#   level: on two busy cores the JIT keeps compiling for minutes), SERVER_JAVA_OPTS (extra JVM options)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here=$root/bench/refresh-load
algorithms=${*:-RS256 EdDSA}
sessions=${SESSIONS:-200}
levels=${CONCURRENCY:-16 64}
warmup=${WARMUP_SECONDS:-30}
jit_warmup=${JIT_WARMUP_SECONDS:-0}
measure=${MEASURE_SECONDS:-30}
port=${BENCH_PORT:-19000}
management_port=$((port + 1))
db=gatehouse_bench
work=$(mktemp -d /tmp/refresh-load.XXXX)

for tool in wrk curl jq psql java; do
  command -v $tool >/dev/null || { echo "run.sh: $tool not found (Debian: apt-get install -y wrk curl jq)" >&2; exit 1; }
done
for level in $levels; do
  [ "$level" -le "$sessions" ] || { echo "run.sh: concurrency $level exceeds SESSIONS=$sessions" >&2; exit 1; }
done
bin/ensure-postgres >&2
[ -f token-service/target/token-service.jar ] || ./mvnw -B -q -pl token-service -am package -DskipTests

# utime + stime in milliseconds (clock ticks of 10 ms) of one process, and of all PostgreSQL processes.
cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_cpu_ms() {
  local total=0 pid
  for pid in $(pgrep -x postgres || true); do total=$(( total + $(cpu_ms "$pid") )); done
  echo $total
}

# The token service's count and sum of refreshes per rotation statement (Micrometer summary), as "count sum".
batch_totals() {
  curl -fs "http://127.0.0.1:$management_port/actuator/prometheus" |
    awk '/^gatehouse_refresh_rotation_batch_size_count/ { c = $2 } /^gatehouse_refresh_rotation_batch_size_sum/ { s = $2 }
      END { print c + 0, s + 0 }'
}

server=
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" postgres 2>/dev/null || true
}
trap 'stop_server; rm -rf "$work"' EXIT

start_server() {
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" postgres
  psql -h 127.0.0.1 -U postgres -qc "create database $db" postgres
  SPRING_R2DBC_URL="r2dbc:postgresql://127.0.0.1:5432/$db" SPRING_R2DBC_USERNAME=postgres SPRING_R2DBC_PASSWORD= \
  GATEHOUSE_KEY_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) \
  GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=bench GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=load-test-secret-42 \
    java -Xmx1g ${SERVER_JAVA_OPTS:-} -jar token-service/target/token-service.jar --server.port=$port --management.server.port=$management_port \
    --gatehouse.signing.algorithm="$1" --logging.level.io.gatehouse=warn > "$work/token-service-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$management_port/actuator/health" >/dev/null && return; sleep 1; done
  echo "run.sh: the token service did not start; see $work/token-service-$1.log" >&2; exit 1
}

login_sessions() {
  local body='{"username":"bench","password":"load-test-secret-42","client_id":"web"}'
  seq 1 "$sessions" | xargs -P 2 -I{} curl -fsS -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$port/auth/login" | jq -r .refresh_token > "$work/tokens"
  [ "$(grep -c . "$work/tokens")" -eq "$sessions" ] || { echo "run.sh: logins failed" >&2; exit 1; }
}

# wrk -tC -cC: one connection per thread, one request in flight per session owner (see refresh.lua).
load() { # concurrency seconds -> prints the RESULT line
  wrk -t"$1" -c"$1" -d"$2s" --timeout 10s -s "$here/refresh.lua" "http://127.0.0.1:$port" \
    -- "$work/tokens" "$1" web "$work/tokens.next" | grep '^RESULT'
  mv "$work/tokens.next" "$work/tokens"
}

echo "refresh rotation on PostgreSQL $(psql -h 127.0.0.1 -U postgres -Atc 'show server_version' postgres), $sessions sessions," \
  "wrk on loopback, ${jit_warmup}s warm-up per token service, then ${warmup}s warm-up and ${measure}s measured per level, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1)"
echo
echo "| algorithm | concurrency | refreshes | req/s | p50 ms | p99 ms | max ms | errors | token-service CPU ms/refresh | PostgreSQL CPU ms/refresh | WAL KB/refresh | refreshes/statement |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for algorithm in $algorithms; do
  start_server "$algorithm"
  login_sessions
  if [ "$jit_warmup" -gt 0 ]; then load "${levels%% *}" "$jit_warmup" > /dev/null; fi
  for level in $levels; do
    # Every level's warm-up starts right after a checkpoint, so every measured window sits at the same point of
    # PostgreSQL's checkpoint cycle (the first change to a page after a checkpoint logs the whole page).
    psql -h 127.0.0.1 -U postgres -qc checkpoint "$db"
    load "$level" "$warmup" > /dev/null
    server_before=$(cpu_ms $server); postgres_before=$(postgres_cpu_ms)
    wal_before=$(psql -h 127.0.0.1 -U postgres -Atc 'select pg_current_wal_lsn()' "$db")
    read -r statements_before batched_before <<<"$(batch_totals)"
    result=$(load "$level" "$measure")
    read -r statements_after batched_after <<<"$(batch_totals)"
    read -r _ ok duration _ p50 p99 max errors <<<"$result"
    server_cpu=$(( $(cpu_ms $server) - server_before )); postgres_cpu=$(( $(postgres_cpu_ms) - postgres_before ))
    wal_bytes=$(psql -h 127.0.0.1 -U postgres -Atc "select pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal_before')" "$db")
    awk -v a="$algorithm" -v c="$level" -v ok="$ok" -v us="$duration" -v p50="$p50" -v p99="$p99" -v max="$max" \
      -v errors="$errors" -v s="$server_cpu" -v pg="$postgres_cpu" -v wal="$wal_bytes" \
      -v statements="$statements_before $statements_after" -v batched="$batched_before $batched_after" 'BEGIN {
        n = (ok > 0) ? ok : 1
        split(statements, st, " "); split(batched, b, " ")
        per = (st[2] > st[1]) ? sprintf("%.1f", (b[2] - b[1]) / (st[2] - st[1])) : "–"
        printf "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.1f | %s |\n", a, c, ok, ok / (us / 1e6), p50, p99, max, errors, s / n, pg / n, wal / n / 1024, per }'
  done
  stop_server
done
