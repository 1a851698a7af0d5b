#!/usr/bin/env bash
# Starts the token service (embedded store under ./data), the gateway and a demo upstream app together,
# bound to loopback only. Ctrl-C stops all three. Builds the jars on first use (or when REBUILD=1).
# It says "Gatehouse is running" only once the gateway is ready; if a process fails it names it and
# prints the first error of its log, and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"

# name:client-port:management-port (0: none)
processes=(token-service:9000:9001 demo-upstream:8081:0 gateway:8080:8091)
ready_timeout=${READY_TIMEOUT:-120}

port_user() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 (pid \2)/p' | head -1
}
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for entry in "${processes[@]}"; do
  IFS=: read -r name port management <<<"$entry"
  for p in $port $management; do
    [ "$p" = 0 ] && continue
    if port_taken "$p"; then
      who=$(port_user "$p")
      echo "run.sh: port $p (for the $name) is already taken${who:+ by $who}; stop it, or stop the earlier ./run.sh" >&2
      exit 1
    fi
  done
done

if [ "${REBUILD:-0}" = 1 ] || [ ! -f token-service/target/token-service.jar ] || [ ! -f gateway/target/gateway.jar ] \
   || [ ! -f demo-upstream/target/demo-upstream.jar ]; then
  echo "Building (first run takes a few minutes)..."
  ./mvnw -B -q package -DskipTests
fi

export GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=${GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME:-admin}
export GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=${GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD:-gatehouse-demo-password}
mkdir -p data
for entry in "${processes[@]}"; do
  name=${entry%%:*}
  [ -f "data/$name.log" ] && mv -f "data/$name.log" "data/$name.log.1"
done

declare -A pid_of
stopping=0
stop() {
  stopping=1
  trap - INT TERM EXIT
  kill "${pid_of[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; echo; echo "Gatehouse stopped."; exit 0' INT TERM
trap stop EXIT

loopback=(--server.address=127.0.0.1 --management.server.address=127.0.0.1)
# The issuer is the gateway: clients discover every endpoint through it (and its brute-force limits).
java -jar token-service/target/token-service.jar "${loopback[@]}" --gatehouse.issuer=http://localhost:8080 \
  > data/token-service.log 2>&1 & pid_of[token-service]=$!
java -jar demo-upstream/target/demo-upstream.jar "${loopback[@]}" > data/demo-upstream.log 2>&1 & pid_of[demo-upstream]=$!
java -jar gateway/target/gateway.jar --spring.profiles.active=demo "${loopback[@]}" \
  --gatehouse.gateway.issuer=http://localhost:8080 --gatehouse.gateway.jwks-uri=http://localhost:9000/oauth2/jwks \
  > data/gateway.log 2>&1 & pid_of[gateway]=$!

first_error() {
  # Spring Boot's failure report says why in the line after "Description:"; else the first error line.
  local why
  why=$(awk '/^Description:/ { found = 1; next } found && NF { print; exit }' "data/$1.log" 2>/dev/null)
  [ -n "$why" ] || why=$(grep -m1 -E '( ERROR |APPLICATION FAILED TO START|^Caused by:|Exception)' "data/$1.log" 2>/dev/null)
  printf '%s\n' "$why" | cut -c1-400
}
# What the configuration doctor said at startup (WARN and ERROR findings of both services), one line each.
doctor_findings() {
  for name in token-service gateway; do
    grep -hoE 'Doctor: (ERROR|WARNING) .*' "data/$name.log" 2>/dev/null | sed "s/^Doctor: /  $name: /" | cut -c1-300
  done
}
fail() {
  echo "run.sh: the $1 $2; its log is data/$1.log:" >&2
  local line; line=$(first_error "$1")
  echo "  ${line:-$(tail -n 5 "data/$1.log")}" >&2
  exit 1
}
exited() {
  for name in "${!pid_of[@]}"; do
    kill -0 "${pid_of[$name]}" 2>/dev/null || { echo "$name"; return; }
  done
}
ready() { curl -fs "$1" >/dev/null 2>&1; }

deadline=$((SECONDS + ready_timeout))
until ready http://localhost:9001/actuator/health/readiness && ready http://localhost:8091/actuator/health/readiness \
      && ready http://localhost:8081/api/ping; do
  name=$(exited)
  [ -n "$name" ] && fail "$name" "exited"
  # A gateway that logged an error while the token service is up will not become ready by waiting (a wrong
  # GATEHOUSE_GATEWAY_CLIENT_SECRET, for one): say so now.
  if ready http://localhost:9001/actuator/health/readiness && grep -q ' ERROR ' data/gateway.log 2>/dev/null; then
    fail gateway "is not ready"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    for name in token-service gateway; do
      ready "http://localhost:$([ $name = gateway ] && echo 8091 || echo 9001)/actuator/health/readiness" \
        || fail "$name" "is not ready after ${ready_timeout}s"
    done
    fail demo-upstream "is not ready after ${ready_timeout}s"
  fi
  sleep 1
done

cat <<INFO

Gatehouse is running (logs in data/*.log, the previous run's in data/*.log.1; Ctrl-C stops everything):
  gateway        http://localhost:8080   <- point clients here (the issuer)
  token service  http://localhost:9000   (embedded store in ./data)
  demo app       http://localhost:8081   (behind the gateway at /app/ and /api/**)
  health/metrics http://localhost:8091/actuator (gateway), http://localhost:9001/actuator (token service)
  admin user     $GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME / $GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD
All of it listens on 127.0.0.1 only. Settings go in as environment variables (GATEHOUSE_CLIENTS_WEB_REFRESHIDLETIMEOUT=30m ./run.sh).
$(findings=$(doctor_findings); [ -n "$findings" ] && printf '\nThe configuration doctor says (java -jar <jar> doctor for the whole report):\n%s\n' "$findings")

Try:
  open http://localhost:8080/app/ in a browser and sign in as $GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME
  curl -s localhost:8080/auth/login -H 'content-type: application/json' \\
    -d '{"username":"$GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME","password":"$GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD","client_id":"web"}'
  curl -s localhost:8080/api/hello -H "authorization: Bearer <access_token>"
INFO

wait -n "${pid_of[@]}" || true
[ "$stopping" = 1 ] && exit 0
name=$(exited)
fail "${name:-a process}" "exited"
