#!/usr/bin/env bash
# Whole-system HTTP benchmark of the Gatehouse gateway with wrk, on loopback only. Starts the token service
# (fresh embedded store), the demo upstream, the Gatehouse gateway (demo profile plus a public route) and a
# baseline Spring Cloud Gateway + Spring Security OAuth2 resource server (./resource-server), logs in once per
# round, warms every target, then measures side by side in one run:
#   (a) upstream direct        http://127.0.0.1:8081/api/ping
#   (b) gateway, public route  http://127.0.0.1:8080/public/api/ping       (auth: public, no token)
#   (c) gateway, token route   http://127.0.0.1:8080/api/ping              (Authorization: Bearer <token>)
#   (d) baseline resource srv  http://127.0.0.1:8090/api/ping              (same token)
# /api/ping is the demo upstream's constant answer, so the upstream does the same work whatever headers it gets;
# the sanity checks use its echo endpoint /api/hello to prove the identity headers arrive.
# Rounds alternate the order (a b c d, then d c b a, ...) to cancel drift. Any non-2xx response or socket
# error fails the run. Prints a table and writes results/latest.md. Every process it starts is stopped on exit.
#
# After the saturation rounds come PACED_ROUNDS paced rounds (paced.lua): PACED_CONNECTIONS connections, each
# pausing PACED_DELAY_MS after every response, so every target runs at well under half its capacity and the p99
# is service time rather than queueing behind a saturated CPU; these give the added-latency comparison.
# Settings (env): DURATION=15s WARMUP=20s WARMUP_ROUNDS=3 CONNECTIONS=32 THREADS=2 ROUNDS=5
#   PACED_ROUNDS=4 PACED_CONNECTIONS=16 PACED_DELAY_MS=8
#   (warm-up: WARMUP_ROUNDS rounds of WARMUP per target, alternating targets so every JVM's paths are compiled)
#   JAR_DIR=<dir with token-service.jar, gateway.jar, demo-upstream.jar>  (default: the modules' target/ jars,
#     each built with "./mvnw -pl <module> -am" when missing; REBUILD=1 rebuilds them and the baseline)
#   TOKEN_PORT=9000 UPSTREAM_PORT=8081 GATEWAY_PORT=8080 RS_PORT=8090  SERVER_JAVA_OPTS="-Xms256m -Xmx512m"
#   WORK_DIR=/tmp/gwbench  (each run copies the jars to a fresh directory below it; logs and raw wrk output stay)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-5}
PACED_ROUNDS=${PACED_ROUNDS:-4}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-16}
PACED_DELAY_MS=${PACED_DELAY_MS:-8}
TOKEN_PORT=${TOKEN_PORT:-9000}
UPSTREAM_PORT=${UPSTREAM_PORT:-8081}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
RS_PORT=${RS_PORT:-8090}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms256m -Xmx512m}
JAR_DIR=${JAR_DIR:-}
WORK_DIR=${WORK_DIR:-/tmp/gwbench}
REBUILD=${REBUILD:-0}

# shellcheck source=../lib/wrk-bench.sh
. "$root/bench/lib/wrk-bench.sh"

for v in DURATION WARMUP; do [[ $(secs "${!v}") =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: use e.g. 20s, 2m or 20"; done
[[ $PACED_ROUNDS =~ ^[0-9]+$ ]] || die "PACED_ROUNDS=$PACED_ROUNDS is not a whole number"
for v in CONNECTIONS THREADS ROUNDS WARMUP_ROUNDS PACED_CONNECTIONS PACED_DELAY_MS TOKEN_PORT UPSTREAM_PORT GATEWAY_PORT RS_PORT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v} is not a positive integer"
done
[ "$THREADS" -le "$CONNECTIONS" ] || die "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"
[ "$THREADS" -le "$PACED_CONNECTIONS" ] || die "THREADS ($THREADS) must not exceed PACED_CONNECTIONS ($PACED_CONNECTIONS)"
require_tools wrk curl jq java
require_free_ports "$TOKEN_PORT" "$UPSTREAM_PORT" "$GATEWAY_PORT" "$RS_PORT"

# --- jars and processes -----------------------------------------------------------------------------------
rs_jar=$here/resource-server/target/resource-server.jar
if [ ! -f "$rs_jar" ] || [ "$REBUILD" = 1 ] \
   || [ -n "$(find "$here/resource-server/pom.xml" "$here/resource-server/src" -newer "$rs_jar" -print -quit)" ]; then
  log "building the baseline resource server"
  (cd "$here/resource-server" && ../../../mvnw -B -q package)
fi
prepare_run "token-service demo-upstream gateway resource-server" token-service gateway demo-upstream
cp "$rs_jar" "$run/resource-server.jar"

admin_user=bench
admin_password=wrk-loopback-only-secret-42
token_uri=http://localhost:$TOKEN_PORT
upstream_uri=http://127.0.0.1:$UPSTREAM_PORT

# Routes for the Gatehouse gateway: a route list is bound from one property source as a whole, so this file
# repeats the demo profile's protected /api/** route (application-demo.yml; same id and predicate, upstream
# port made explicit) and adds the public one. /public/api/hello reaches the upstream as /api/hello.
cat >"$run/gateway/bench-routes.yml" <<YAML
spring:
  cloud:
    gateway:
      server:
        webflux:
          routes:
            - id: demo-api
              uri: $upstream_uri
              predicates:
                - Path=/api/**
            - id: bench-public
              uri: $upstream_uri
              predicates:
                - Path=/public/**
              filters:
                - StripPrefix=1
              metadata:
                auth: public
YAML

log "starting token service (:$TOKEN_PORT, fresh store) and demo upstream (:$UPSTREAM_PORT)"
# shellcheck disable=SC2086
start token-service env GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=$admin_user GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
  java $SERVER_JAVA_OPTS -jar ../token-service.jar --server.address=127.0.0.1 --server.port="$TOKEN_PORT" --management.server.port=$((TOKEN_PORT + 1)) \
  --gatehouse.issuer="$token_uri"
# shellcheck disable=SC2086
start demo-upstream java $SERVER_JAVA_OPTS -jar ../demo-upstream.jar --server.address=127.0.0.1 --server.port="$UPSTREAM_PORT"
wait_for token-service "http://127.0.0.1:$((TOKEN_PORT + 1))/actuator/health" 200
wait_for demo-upstream "$upstream_uri/api/ping" 200

log "starting Gatehouse gateway (:$GATEWAY_PORT) and baseline resource server (:$RS_PORT)"
# shellcheck disable=SC2086
start gateway java $SERVER_JAVA_OPTS -jar ../gateway.jar --spring.profiles.active=demo \
  --spring.config.additional-location="file:$run/gateway/bench-routes.yml" \
  --server.address=127.0.0.1 --server.port="$GATEWAY_PORT" --management.server.port=$((GATEWAY_PORT + 11)) --gatehouse.gateway.token-service-uri="$token_uri"
# shellcheck disable=SC2086
start resource-server java $SERVER_JAVA_OPTS -jar ../resource-server.jar \
  --server.address=127.0.0.1 --server.port="$RS_PORT" --bench.upstream-uri="$upstream_uri" \
  --bench.token-service.jwks-uri="$token_uri/oauth2/jwks" --bench.token-service.issuer="$token_uri"
wait_for gateway "http://127.0.0.1:$((GATEWAY_PORT + 11))/actuator/health/readiness" 200
wait_for resource-server "http://127.0.0.1:$RS_PORT/api/ping" 401

login() {
  local answer
  answer=$(curl -sS --max-time 10 -H 'content-type: application/json' \
    -d "{\"username\":\"$admin_user\",\"password\":\"$admin_password\",\"client_id\":\"web\"}" \
    "http://127.0.0.1:$TOKEN_PORT/auth/login") || die "login failed"
  jq -er '.access_token' <<<"$answer" 2>/dev/null || die "login answered without access_token: $answer"
}

# --- targets ----------------------------------------------------------------------------------------------
keys=(a b c d)
declare -A url label front needs_token
url[a]="$upstream_uri/api/ping";                      label[a]="(a) upstream direct";            front[a]=demo-upstream;   needs_token[a]=0
url[b]="http://127.0.0.1:$GATEWAY_PORT/public/api/ping"; label[b]="(b) Gatehouse, public route";  front[b]=gateway;         needs_token[b]=0
url[c]="http://127.0.0.1:$GATEWAY_PORT/api/ping";     label[c]="(c) Gatehouse, token route";     front[c]=gateway;         needs_token[c]=1
url[d]="http://127.0.0.1:$RS_PORT/api/ping";          label[d]="(d) SCG + resource server";      front[d]=resource-server; needs_token[d]=1
for key in "${keys[@]}"; do cpu_procs[$key]=${front[$key]}; done
sanity() {
  local auth=(-H "Authorization: Bearer $token")
  expect 200 "${url[a]}"
  expect 200 "${url[b]}"
  expect 200 "${url[b]%/ping}/hello" -H "X-Auth-Subject: spoofed"
  jq -e '.path == "/api/hello" and .subject == null' "$run/last-body" >/dev/null \
    || die "public route reached the upstream oddly: $(cat "$run/last-body")"
  expect 401 "${url[c]}"
  expect 200 "${url[c]}" "${auth[@]}"
  expect 200 "${url[c]%/ping}/hello" "${auth[@]}" -H "X-Auth-Subject: spoofed"
  jq -e '.path == "/api/hello" and .subject != null and .subject != "spoofed"' "$run/last-body" >/dev/null \
    || die "token route did not forward an identity: $(cat "$run/last-body")"
  expect 401 "${url[d]}"
  # The same token with its signature's first character changed must be refused by both.
  local signature=${token##*.} forged
  forged="${token%.*}.$([ "${signature:0:1}" = A ] && echo B || echo A)${signature:1}"
  expect 401 "${url[c]}" -H "Authorization: Bearer $forged"
  expect 401 "${url[d]}" -H "Authorization: Bearer $forged"
  expect 200 "${url[d]}" "${auth[@]}"
}

# wrk_command KEY PHASE (for measure, bench/lib/wrk-bench.sh): report.lua, or paced.lua in the paced rounds.
wrk_command() {
  local key=$1 phase=$2
  wrk_args=(-t"$THREADS")
  [ "${needs_token[$key]}" = 0 ] || wrk_args+=(-H "Authorization: Bearer $token")
  if [[ $phase == paced* ]]; then
    wrk_args+=(-c"$PACED_CONNECTIONS" -s "$here/paced.lua" "${url[$key]}" -- "$PACED_DELAY_MS")
  else
    wrk_args+=(-c"$CONNECTIONS" -s "$here/report.lua" "${url[$key]}")
  fi
}

token=$(login)
sanity
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
total=$(( WARMUP_ROUNDS * 4 * $(secs "$WARMUP") + (ROUNDS + PACED_ROUNDS) * 4 * $(secs "$DURATION") ))
log "all targets answer as expected; $WARMUP_ROUNDS warm-up round(s) of $WARMUP each, then $ROUNDS round(s) and" \
  "$PACED_ROUNDS paced round(s) of $DURATION each (~${total} s)"
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
  token=$(login)
  for key in "${keys[@]}"; do measure "$key" warmup "$WARMUP"; done
done
for round in $(seq 1 "$ROUNDS"); do
  token=$(login)   # a fresh token each round: never near its 15 min expiry, whatever DURATION is
  order=("${keys[@]}")
  [ $(( round % 2 )) = 1 ] || order=(d c b a)
  log "round $round: ${order[*]}"
  for key in "${order[@]}"; do measure "$key" "round$round" "$DURATION"; done
done
for round in $(seq 1 "$PACED_ROUNDS"); do
  token=$(login)
  order=("${keys[@]}")
  [ $(( round % 2 )) = 1 ] || order=(d c b a)
  log "paced round $round ($PACED_CONNECTIONS connections, ${PACED_DELAY_MS} ms pause after each response): ${order[*]}"
  for key in "${order[@]}"; do measure "$key" "paced$round" "$DURATION"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sanity

# --- report -----------------------------------------------------------------------------------------------
summary=$(summarise round)
s() { jq -r "$1" <<<"$summary"; }
paced=$(summarise paced)
p() { jq -r "$1" <<<"$paced"; }

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git --no-optional-locks -C "$root" status --porcelain -- gateway token-service demo-upstream 2>/dev/null | head -c1 || true)
report=$(
  echo "# Gatehouse gateway under wrk: whole-system loopback benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit${dirty:+ (gateway/token-service/demo-upstream sources modified)}," \
       "jars from ${JAR_DIR:-the module target/ dirs}."
  echo "$(machine_line); load average before/after: $load_before / $load_after."
  echo "wrk -t$THREADS -c$CONNECTIONS, $WARMUP_ROUNDS alternating warm-up round(s) of $WARMUP per target, then $ROUNDS round(s) of $DURATION per target," \
       "order alternating (a b c d / d c b a). Servers: $SERVER_JAVA_OPTS. No non-2xx responses, no socket errors."
  echo
  echo "| target | URL | req/s | req/s per round | p50 ms | p99 ms | max ms | front CPU µs/req |"
  echo "|---|---|---:|---|---:|---:|---:|---:|"
  for key in "${keys[@]}"; do
    s ".$key | \"| ${label[$key]} | ${url[$key]} | \(.rps | floor) | \(.rounds | map(tostring) | join(\" / \")) |\" +
      \" \(.p50 * 100 | round / 100) | \(.p99 * 100 | round / 100) | \(.max * 10 | round / 10) | \(.cpu_us | round) |\""
  done
  echo
  echo "| comparison | value |"
  echo "|---|---:|"
  s '"| (c)/(b) throughput: cost of token validation in Gatehouse | \(.c.rps / .b.rps * 1000 | round / 1000) |"'
  s '"| p99(c) − p99(b) | \(.c.p99 - .b.p99 | . * 100 | round / 100) ms |"'
  median=$jq_median
  s "$median"'[range(0; .b.rounds | length) as $i | .c.rounds[$i] / .b.rounds[$i]] | sort as $r
    | "| (c)/(b) per round: median (min – max) | \($r | median * 1000 | round / 1000) (\($r[0] * 1000 | round / 1000) – \($r[-1] * 1000 | round / 1000)) |"'
  s "$median"'[range(0; .b.p99s | length) as $i | .c.p99s[$i] - .b.p99s[$i]] | sort as $r
    | "| p99(c) − p99(b) per round: median (min – max) | \($r | median * 100 | round / 100) ms (\($r[0] * 100 | round / 100) – \($r[-1] * 100 | round / 100)) |"'
  s '"| (c)/(d) throughput: Gatehouse vs SCG + resource server | \(.c.rps / .d.rps * 1000 | round / 1000) |"'
  s '"| p99(c) − p99(d) | \(.c.p99 - .d.p99 | . * 100 | round / 100) ms |"'
  s '"| (b)/(a) throughput: cost of the gateway hop | \(.b.rps / .a.rps * 1000 | round / 1000) |"'
  if [ "$PACED_ROUNDS" -gt 0 ]; then
    echo
    echo "Paced rounds: $PACED_ROUNDS per target, wrk -t$THREADS -c$PACED_CONNECTIONS, each connection pausing $PACED_DELAY_MS ms after every"
    echo "response (paced.lua), so each target serves a fixed, moderate load; the latency excludes the pause."
    echo
    echo "| target | req/s | p50 ms | p90 ms | p99 ms | p99 per round ms |"
    echo "|---|---:|---:|---:|---:|---|"
    for key in "${keys[@]}"; do
      p ".$key | \"| ${label[$key]} | \(.rps | floor) | \(.p50 * 100 | round / 100) | \(.p90 * 100 | round / 100) |\" +
        \" \(.p99 * 100 | round / 100) | \(.p99s | map(. * 100 | round / 100 | tostring) | join(\" / \")) |\""
    done
    echo
    echo "| paced comparison | value |"
    echo "|---|---:|"
    p '"| p99(c) − p99(b) | \(.c.p99 - .b.p99 | . * 100 | round / 100) ms |"'
    p "$median"'[range(0; .b.p99s | length) as $i | .c.p99s[$i] - .b.p99s[$i]] | sort as $r
      | "| p99(c) − p99(b) per round: median (min – max) | \($r | median * 100 | round / 100) ms (\($r[0] * 100 | round / 100) – \($r[-1] * 100 | round / 100)) |"'
    p '"| p50(c) − p50(b) | \(.c.p50 - .b.p50 | . * 1000 | round) µs |"'
    p '"| p99(c) − p99(d) | \(.c.p99 - .d.p99 | . * 100 | round / 100) ms |"'
  fi
  echo
  echo "req/s = all measured requests / measured time; p50/p99 = mean of the per-round wrk percentiles; max over"
  echo "rounds. Front CPU = CPU time (user+sys, all threads) of the process wrk talks to (upstream for (a), Gatehouse"
  echo "gateway for (b)/(c), baseline for (d)) per measured request; the upstream's CPU is not included in (b)-(d)."
  echo "wrk runs closed-loop on the same machine as every server, so these are relative figures for this host only."
  spread=$(s '[.[] | select((.rounds | length) > 1 and (.rounds | min) > 0) | (.rounds | max) / (.rounds | min)] | max // 1')
  if awk -v x="$spread" 'BEGIN { exit !(x > 1.2) }'; then
    echo
    echo "**Note:** a target's rounds differ by up to $(awk -v x="$spread" 'BEGIN { printf "%.0f", (x - 1) * 100 }') % in"
    echo "req/s: the host was busy or the JVMs were not yet warm (JIT). The per-round medians are the robust"
    echo "comparison; raise WARMUP_ROUNDS and ROUNDS for numbers to quote."
  fi
)
echo
echo "$report"
mkdir -p "$here/results"
echo "$report" >"$here/results/latest.md"
log "wrote $here/results/latest.md"
