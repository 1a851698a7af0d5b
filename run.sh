#!/usr/bin/env bash
# Starts the token service (embedded store under ./data), the gateway and a demo upstream app together.
# Ctrl-C stops all three. Builds the jars on first use (or when REBUILD=1).
set -euo pipefail
cd "$(dirname "$0")"

if [ "${REBUILD:-0}" = 1 ] || [ ! -f token-service/target/token-service.jar ] || [ ! -f gateway/target/gateway.jar ] \
   || [ ! -f demo-upstream/target/demo-upstream.jar ]; then
  echo "Building (first run takes a few minutes)..."
  ./mvnw -B -q package -DskipTests
fi

export GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=${GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME:-admin}
export GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=${GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD:-gatehouse-demo-password}
mkdir -p data
pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

java -jar token-service/target/token-service.jar > data/token-service.log 2>&1 & pids+=($!)
java -jar demo-upstream/target/demo-upstream.jar > data/demo-upstream.log 2>&1 & pids+=($!)
java -jar gateway/target/gateway.jar --spring.profiles.active=demo > data/gateway.log 2>&1 & pids+=($!)

ready() { curl -fs "$1" >/dev/null 2>&1; }
for _ in $(seq 1 90); do
  if ready http://localhost:9001/actuator/health && ready http://localhost:8091/actuator/health/readiness \
     && ready http://localhost:8081/api/ping; then break; fi
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a process exited; see data/*.log"; exit 1; }; done
  sleep 1
done

cat <<INFO

Gatehouse is running (logs in data/*.log; Ctrl-C stops everything):
  gateway        http://localhost:8080   <- point clients here
  token service  http://localhost:9000   (embedded store in ./data)
  demo app       http://localhost:8081   (behind the gateway at /api/**)
  health/metrics http://localhost:8091/actuator (gateway), http://localhost:9001/actuator (token service)
  admin user     $GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME / $GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD

Try:
  curl -s localhost:8080/auth/login -H 'content-type: application/json' \\
    -d '{"username":"$GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME","password":"$GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD","client_id":"web"}'
  curl -s localhost:8080/api/hello -H "authorization: Bearer <access_token>"
INFO
wait -n "${pids[@]}" || true
echo "a process exited; see data/*.log"
