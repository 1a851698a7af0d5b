#!/usr/bin/env bash
# Refresh-rotation load on loopback against PostgreSQL: 200 sessions, c=16 and c=64, 10 s warm-up
# and 30 s measured each. Starts its own token service on a fresh database and stops it at the end.
# Usage: bench/refresh-load/run.sh [algorithm]   (RS256 default; PS256, ES256, EdDSA)
set -euo pipefail
cd "$(dirname "$0")/../.."
algorithm=${1:-RS256}
sessions=${SESSIONS:-200}
warmup=${WARMUP_SECONDS:-10}
measure=${MEASURE_SECONDS:-30}
port=${BENCH_PORT:-19000}
db=gatehouse_bench

bin/ensure-postgres
[ -f token-service/target/token-service.jar ] || ./mvnw -B -q -pl token-service package -DskipTests
./mvnw -B -q -f bench/refresh-load/pom.xml package -DskipTests

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" postgres
psql -h 127.0.0.1 -U postgres -qc "create database $db" postgres

SPRING_R2DBC_URL="r2dbc:postgresql://127.0.0.1:5432/$db" SPRING_R2DBC_USERNAME=postgres SPRING_R2DBC_PASSWORD= \
GATEHOUSE_KEY_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) \
GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=bench GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=load-test-secret-42 \
  java -Xmx1g ${SERVER_JAVA_OPTS:-} -jar token-service/target/token-service.jar --server.port=$port --gatehouse.signing.algorithm=$algorithm \
  --logging.level.io.gatehouse=warn > /tmp/gatehouse-bench-token-service.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; psql -h 127.0.0.1 -U postgres -qc "drop database if exists '$db'" postgres' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 1; done

echo "refresh rotation, $algorithm, $sessions sessions, ${measure}s measured after ${warmup}s warm-up, $(nproc) cores"
echo "| concurrency | refreshes | req/s | p50 ms | p99 ms | max ms | errors | token-service CPU ms/refresh | PostgreSQL CPU ms/refresh |"
echo "|---|---|---|---|---|---|---|---|---|"
java -Xmx512m -jar bench/refresh-load/target/refresh-load.jar "http://127.0.0.1:$port" bench load-test-secret-42 \
  "$sessions" "$warmup" "$measure" "$server" 16 64 | grep -v "^logged in\|warm-up"
