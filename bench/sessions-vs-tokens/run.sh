#!/usr/bin/env bash
# Sessions versus tokens, measured: one run on loopback against PostgreSQL that starts the token service,
# the gateway (one route per mode) and a demo upstream, measures throughput, revocation delay and outage
# behaviour of the stateless, hybrid and stateful modes, and writes docs/sessions-vs-tokens.md.
# Settings (env): WARMUP_SECONDS=10 MEASURE_SECONDS=20 CONCURRENCY=16 SESSIONS=100 TRIALS=30
set -euo pipefail
cd "$(dirname "$0")/../.."
db=gatehouse_modes

bin/ensure-postgres
if [ ! -f token-service/target/token-service.jar ] || [ ! -f gateway/target/gateway.jar ] \
   || [ ! -f demo-upstream/target/demo-upstream.jar ]; then
  ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q -f bench/sessions-vs-tokens/pom.xml package -DskipTests

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" postgres
psql -h 127.0.0.1 -U postgres -qc "create database $db" postgres
trap 'psql -h 127.0.0.1 -U postgres -qc "drop database if exists '$db'" postgres' EXIT

java -Xmx512m -jar bench/sessions-vs-tokens/target/sessions-vs-tokens.jar "$PWD" "$db"
