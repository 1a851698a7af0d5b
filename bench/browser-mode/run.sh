#!/usr/bin/env bash
# Browser mode at the edge, with wrk on loopback: what a cookie-session request costs the gateway next to a
# bearer request, and what a refresh at the edge costs, in one run. Starts the token service (a fresh
# PostgreSQL database, or STORE=h2 for its embedded store), the demo upstream and two Gatehouse gateways built
# from the same jar with the same settings but one:
#   gateway A  http://127.0.0.1:18080   refresh-lead-time 30s (the default): a fresh cookie is not refreshed
#   gateway B  http://127.0.0.1:18082   refresh-lead-time REFRESH_LEAD_TIME_B (1h, longer than the access
#                                        token's 15 min): every cookie is due, so every request refreshes
# and measures, side by side, every target GET /api/ping (the demo upstream's constant answer):
#   (1)  bearer          gateway A, Authorization: Bearer <token of client web>
#   (2)  cookie session  gateway A, only the __Host-gatehouse-session cookie, its access token fresh
#   (3)  refresh         gateway B, the session cookie; the gateway refreshes at the token service, sets the new
#                        cookie and forwards; each wrk connection is one browser with its own session that
#                        follows its own Set-Cookie (session.lua), so no refresh token is ever presented twice
#   (1b) bearer          gateway B (control: the second gateway serves bearer requests as A does)
# Every wrk run is -tN -cN (one connection per thread, session.lua, for every target alike). Rounds alternate
# the order (1 2 3 1b / 1b 3 2 1). Fresh credentials every round: one token for (1) and (1b), one session for
# (2) (shared by its connections, like the token), one session per connection for (3), each signed in as a
# browser does (GET /login -> the token service's login page -> POST -> /login/callback sets the cookie).
# Checks before and after; the run fails on any non-2xx response or socket error, on a (3) answer without a
# new cookie, on a (1)/(2)/(1b) answer with one, and when the gateways' refresh count is not one per (3) answer.
# Prints a table and writes results/latest.md. Every process it starts is stopped on exit (and the database
# dropped).
# Settings (env): DURATION=10s WARMUP=10s WARMUP_ROUNDS=2 CONNECTIONS=16 ROUNDS=4
#   REFRESH_WARMUP=30s   (one more warm-up of (3) first: its path runs ~20 times less often than the others', and
#                         the JIT compiles it later)
#   PACED_ROUNDS=2 PACED_CONNECTIONS=2 PACED_DELAY_MS=25   (every target paced alike, at most ~80 req/s: well
#                         under what (3) can do on two cores)
#   STORE=postgresql (PG_HOST=127.0.0.1 PG_PORT=5432, user postgres, database gatehouse_browser_bench) | h2
#   TOKEN_PORT=18000 UPSTREAM_PORT=18081 GATEWAY_PORT=18080 GATEWAY_B_PORT=18082 (management: token +1,
#   gateways +11)  REFRESH_LEAD_TIME_B=1h  SERVER_JAVA_OPTS="-Xms256m -Xmx512m"
#   JAR_DIR / REBUILD / WORK_DIR=/tmp/browser-bench as in bench/gateway-wrk; BENCH_NOTE: a sentence for the report
#   (e.g. what else ran on the host).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-4}
REFRESH_WARMUP=${REFRESH_WARMUP:-30s}
PACED_ROUNDS=${PACED_ROUNDS:-2}
PACED_CONNECTIONS=${PACED_CONNECTIONS:-2}
PACED_DELAY_MS=${PACED_DELAY_MS:-25}
STORE=${STORE:-postgresql}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
TOKEN_PORT=${TOKEN_PORT:-18000}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
GATEWAY_B_PORT=${GATEWAY_B_PORT:-18082}
REFRESH_LEAD_TIME_B=${REFRESH_LEAD_TIME_B:-1h}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms256m -Xmx512m}
JAR_DIR=${JAR_DIR:-}
WORK_DIR=${WORK_DIR:-/tmp/browser-bench}
REBUILD=${REBUILD:-0}
BENCH_NOTE=${BENCH_NOTE:-}

# shellcheck source=../lib/wrk-bench.sh
. "$root/bench/lib/wrk-bench.sh"

for v in DURATION WARMUP REFRESH_WARMUP; do [[ $(secs "${!v}") =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: use e.g. 10s, 2m or 10"; done
for v in PACED_ROUNDS WARMUP_ROUNDS; do [[ ${!v} =~ ^[0-9]+$ ]] || die "$v=${!v} is not a whole number"; done
for v in CONNECTIONS ROUNDS PACED_CONNECTIONS PACED_DELAY_MS TOKEN_PORT UPSTREAM_PORT GATEWAY_PORT GATEWAY_B_PORT PG_PORT; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v} is not a positive integer"
done
[ "$CONNECTIONS" -le 64 ] && [ "$PACED_CONNECTIONS" -le 64 ] || die "at most 64 connections (one signed-in session each)"
case $STORE in postgresql | h2) ;; *) die "STORE=$STORE: postgresql or h2" ;; esac
require_tools wrk curl jq java
[ "$STORE" = h2 ] || require_tools psql
require_free_ports "$TOKEN_PORT" $((TOKEN_PORT + 1)) "$UPSTREAM_PORT" "$GATEWAY_PORT" $((GATEWAY_PORT + 11)) \
  "$GATEWAY_B_PORT" $((GATEWAY_B_PORT + 11))

prepare_run "token-service demo-upstream gateway gateway-b signin cred" token-service gateway demo-upstream

# --- the store --------------------------------------------------------------------------------------------
db=gatehouse_browser_bench
pg() { PGOPTIONS='-c client_min_messages=warning' psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qtAX -v ON_ERROR_STOP=1 "$@" postgres; }
store_args=()
if [ "$STORE" = postgresql ]; then
  pg -c "drop database if exists $db" >/dev/null || die "no PostgreSQL at $PG_HOST:$PG_PORT (user postgres); STORE=h2 runs without"
  pg -c "create database $db" >/dev/null
  on_cleanup() { pg -c "drop database if exists $db" >/dev/null 2>&1; }
  store_args=(--spring.r2dbc.url="r2dbc:postgresql://$PG_HOST:$PG_PORT/$db" --spring.r2dbc.username=postgres --spring.r2dbc.password=)
  # CPU of the token service's connections (their backends); WAL writer and checkpointer are not counted.
  ticks_postgresql() {
    local total=0 pid t
    for pid in $(pg -c "select pid from pg_stat_activity where datname = '$db'"); do
      t=$(cpu_ticks "$pid" 2>/dev/null || echo 0)
      total=$((total + t))
    done
    echo $total
  }
fi

# --- processes --------------------------------------------------------------------------------------------
admin_user=bench
admin_password=wrk-loopback-only-secret-42
token_uri=http://localhost:$TOKEN_PORT
upstream_uri=http://127.0.0.1:$UPSTREAM_PORT
# Both gateways are replicas of one site (as behind a load balancer): one public origin, one redirect URI.
origin=http://localhost:$GATEWAY_PORT

cat >"$run/bench-routes.yml" <<YAML
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
YAML

log "starting token service (:$TOKEN_PORT, store $STORE) and demo upstream (:$UPSTREAM_PORT)"
# The session limit is raised so that the sessions signed in every round never end older ones during the run.
# shellcheck disable=SC2086
start token-service env GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=$admin_user GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
  java $SERVER_JAVA_OPTS -jar ../token-service.jar --server.address=127.0.0.1 --server.port="$TOKEN_PORT" \
  --management.server.address=127.0.0.1 --management.server.port=$((TOKEN_PORT + 1)) \
  --gatehouse.issuer="$token_uri" "--gatehouse.clients.gateway-browser.redirect-uris[0]=$origin/login/callback" \
  --gatehouse.sessions.max-live-per-user=100000 "${store_args[@]}"
# shellcheck disable=SC2086
start demo-upstream java $SERVER_JAVA_OPTS -jar ../demo-upstream.jar --server.address=127.0.0.1 --server.port="$UPSTREAM_PORT"
wait_for token-service "http://127.0.0.1:$((TOKEN_PORT + 1))/actuator/health" 200
wait_for demo-upstream "$upstream_uri/api/ping" 200

gateway_args=(-jar ../gateway.jar --spring.config.additional-location="file:$run/bench-routes.yml"
  --server.address=127.0.0.1 --management.server.address=127.0.0.1 --gatehouse.gateway.token-service-uri="$token_uri"
  --gatehouse.gateway.browser.public-origin="$origin")
log "starting gateway A (:$GATEWAY_PORT) and gateway B (:$GATEWAY_B_PORT, refresh-lead-time $REFRESH_LEAD_TIME_B)"
# shellcheck disable=SC2086
start gateway java $SERVER_JAVA_OPTS "${gateway_args[@]}" --server.port="$GATEWAY_PORT" --management.server.port=$((GATEWAY_PORT + 11))
# shellcheck disable=SC2086
start gateway-b java $SERVER_JAVA_OPTS "${gateway_args[@]}" --server.port="$GATEWAY_B_PORT" --management.server.port=$((GATEWAY_B_PORT + 11)) \
  --gatehouse.gateway.browser.refresh-lead-time="$REFRESH_LEAD_TIME_B"
wait_for gateway "http://127.0.0.1:$((GATEWAY_PORT + 11))/actuator/health/readiness" 200
wait_for gateway-b "http://127.0.0.1:$((GATEWAY_B_PORT + 11))/actuator/health/readiness" 200

# --- credentials ------------------------------------------------------------------------------------------
login() {
  local answer
  answer=$(curl -sS --max-time 10 -H 'content-type: application/json' \
    -d "{\"username\":\"$admin_user\",\"password\":\"$admin_password\",\"client_id\":\"web\"}" \
    "http://127.0.0.1:$TOKEN_PORT/auth/login") || die "login failed"
  jq -er '.access_token' <<<"$answer" 2>/dev/null || die "login answered without access_token: $answer"
}

# sign_in: signs in as a browser does, with curl and a cookie jar (as bin/check-run-sh does): GET /login at
# gateway A -> the token service's hosted login page -> POST the form -> /login/callback sets the session
# cookie -> /api/hello. Prints the cookie's value.
sign_in() {
  local jar page landed request value
  jar=$(mktemp "$run/signin/jar.XXXX")
  page=$(curl -sS -L --max-time 10 -c "$jar" -b "$jar" -H 'Accept: text/html' -o "$jar.html" -w '%{url_effective}' \
    "$origin/login?return_to=/api/hello") || die "GET /login failed"
  request=$(sed -n 's/.*name="request" value="\([^"]*\)".*/\1/p' "$jar.html" | head -1)
  [ -n "$request" ] || die "GET /login did not end on the login page (at $page)"
  landed=$(curl -sS -L --max-time 10 -c "$jar" -b "$jar" -H 'Accept: text/html' -o "$jar.body" -w '%{url_effective}' \
    --data-urlencode "request=$request" --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" \
    "$page") || die "posting the login form failed"
  [ "$landed" = "$origin/api/hello" ] || die "signing in landed on $landed, not $origin/api/hello: $(head -c 300 "$jar.body")"
  value=$(awk '$6 == "__Host-gatehouse-session" { print $7 }' "$jar")
  [ -n "$value" ] || die "signing in set no __Host-gatehouse-session cookie"
  rm -f "$jar" "$jar.html" "$jar.body"
  echo "$value"
}

# fresh_credentials N: this round's credential files, N lines each (one per wrk thread, see session.lua): a new
# token for (1) and (1b) and a new session for (2), repeated, and N new sessions for (3).
fresh_credentials() {
  local i value
  token=$(login)
  cookie=$(sign_in)
  : >"$run/cred/bearer"
  : >"$run/cred/cookie"
  : >"$run/cred/refresh"
  for i in $(seq 1 "$1"); do
    echo "Authorization: Bearer $token" >>"$run/cred/bearer"
    echo "Cookie: __Host-gatehouse-session=$cookie" >>"$run/cred/cookie"
    value=$(sign_in)
    echo "Cookie: __Host-gatehouse-session=$value" >>"$run/cred/refresh"
  done
}

# --- targets ----------------------------------------------------------------------------------------------
keys=(bearer cookie refresh bearer_b)
declare -A url label cred
gateway_a=http://127.0.0.1:$GATEWAY_PORT
gateway_b=http://127.0.0.1:$GATEWAY_B_PORT
url[bearer]=$gateway_a/api/ping;   label[bearer]="(1) bearer";                          cred[bearer]=bearer
url[cookie]=$gateway_a/api/ping;   label[cookie]="(2) cookie session";                  cred[cookie]=cookie
url[refresh]=$gateway_b/api/ping;  label[refresh]="(3) cookie session, refresh at edge"; cred[refresh]=refresh
url[bearer_b]=$gateway_b/api/ping; label[bearer_b]="(1b) bearer, gateway B (control)";  cred[bearer_b]=bearer
store_proc=$([ "$STORE" = postgresql ] && echo postgresql || true)
cpu_procs[bearer]="gateway token-service $store_proc"
cpu_procs[cookie]="gateway token-service $store_proc"
cpu_procs[refresh]="gateway-b token-service $store_proc"
cpu_procs[bearer_b]="gateway-b token-service $store_proc"

wrk_command() {
  local key=$1 phase=$2
  if [[ $phase == paced* ]]; then
    wrk_args=(-t"$PACED_CONNECTIONS" -c"$PACED_CONNECTIONS" -s "$here/session-paced.lua" "${url[$key]}" -- \
      "$run/cred/${cred[$key]}" "$PACED_DELAY_MS")
  else
    wrk_args=(-t"$CONNECTIONS" -c"$CONNECTIONS" -s "$here/session.lua" "${url[$key]}" -- "$run/cred/${cred[$key]}")
  fi
}

# The gateways' refreshes (gatehouse.gateway.browser.refresh{outcome}) and cookie requests they refused
# (gatehouse.gateway.browser.rejected), and the token service's answered token requests, from their Prometheus
# endpoints, into c_rotated, c_other (refreshes that did not rotate), c_rejected and c_grants.
prometheus() { curl -fsS --max-time 5 "http://127.0.0.1:$1/actuator/prometheus"; }
counters() {
  local gateways tokens
  gateways=$(prometheus $((GATEWAY_PORT + 11)) && prometheus $((GATEWAY_B_PORT + 11))) || die "the gateways' metrics did not answer"
  tokens=$(prometheus $((TOKEN_PORT + 1))) || die "the token service's metrics did not answer"
  read -r c_rotated c_other c_rejected <<<"$(awk '
    /^gatehouse_gateway_browser_refresh_total\{/ { if ($0 ~ /outcome="rotated"/) rotated += $NF; else other += $NF }
    /^gatehouse_gateway_browser_rejected_total\{/ { rejected += $NF }
    END { printf "%d %d %d\n", rotated, other, rejected }' <<<"$gateways")"
  c_grants=$(awk '/^http_server_requests_seconds_count\{/ && /uri="\/oauth2\/token"/ && /status="200"/ { n += $NF }
    END { printf "%d\n", n }' <<<"$tokens")
}
before_wrk() { counters; rotated0=$c_rotated other0=$c_other rejected0=$c_rejected grants0=$c_grants; }
after_wrk() {
  local key=$1 phase=$2 out=$3 json=$4 session requests new same rotated other rejected grants
  session=$(sed -n 's/^SESSIONJSON //p' "$out")
  [ -n "$session" ] || die "no SESSIONJSON line from wrk; see $out"
  counters
  rotated=$((c_rotated - rotated0)) other=$((c_other - other0)) rejected=$((c_rejected - rejected0)) grants=$((c_grants - grants0))
  requests=$(jq .requests <<<"$json"); new=$(jq .new_cookie <<<"$session"); same=$(jq .same_cookie <<<"$session")
  local what="${label[$key]} ($phase): $requests answers, $new with a new cookie, $rotated refreshes, $grants token grants"
  [ "$other" = 0 ] && [ "$rejected" = 0 ] || die "$what; $other refreshes failed and $rejected cookie requests were refused; see $out"
  local connections=$([[ $phase == paced* ]] && echo "$PACED_CONNECTIONS" || echo "$CONNECTIONS")
  if [ "$key" = refresh ]; then
    # A refresh in flight when wrk stops completes at the gateway without an answer being counted.
    [ "$same" = 0 ] && [ "$new" = "$requests" ] || die "$what: every answer of (3) must carry a new cookie"
    [ "$rotated" -ge "$requests" ] && [ "$rotated" -le $((requests + connections)) ] \
      || die "$what: not one refresh per answer"
    [ "$grants" -ge "$requests" ] && [ "$grants" -le $((requests + connections)) ] \
      || die "$what: not one token grant per answer"
  else
    [ "$new" = 0 ] && [ "$rotated" = 0 ] && [ "$grants" = 0 ] || die "$what: nothing should have been refreshed"
  fi
  jq -nc --argjson refreshes "$rotated" --argjson grants "$grants" --argjson new "$new" \
    '{refreshes: $refreshes, token_grants: $grants, new_cookies: $new}'
}

# --- checks -----------------------------------------------------------------------------------------------
session_cookie_of() { sed -n 's/^[Ss]et-[Cc]ookie: __Host-gatehouse-session=\([^;]*\);.*/\1/p' "$1"; }
sanity() {
  local subject first second headers=$run/last-headers
  fresh_credentials 1
  expect 200 "$gateway_a/api/hello" -H "Authorization: Bearer $token"
  jq -e '.subject != null and .client == "web"' "$run/last-body" >/dev/null || die "bearer identity: $(cat "$run/last-body")"
  subject=$(jq -r .subject "$run/last-body")
  expect 401 "$gateway_a/api/hello"
  expect 401 "$gateway_a/api/hello" -H 'Accept: application/json' -H 'Sec-Fetch-Mode: cors'
  expect 302 "$gateway_a/api/hello" -H 'Accept: text/html' -H 'Sec-Fetch-Mode: navigate'
  expect 200 "$gateway_a/api/hello" -D "$headers" -b "__Host-gatehouse-session=$cookie" -H 'X-Auth-Subject: spoofed'
  jq -e --arg s "$subject" '.subject == $s and .client == "gateway-browser" and .session != null' "$run/last-body" >/dev/null \
    || die "cookie session on gateway A did not reach the upstream as $subject of gateway-browser: $(cat "$run/last-body")"
  [ -z "$(session_cookie_of "$headers")" ] || die "gateway A refreshed a fresh cookie session"
  # The access token in the cookie with its signature's first character changed: never ours, 401.
  local signature=${cookie##*.} forged
  forged="${cookie%.*}.$([ "${signature:0:1}" = A ] && echo B || echo A)${signature:1}"
  expect 401 "$gateway_a/api/hello" -b "__Host-gatehouse-session=$forged"
  expect 200 "$gateway_b/api/hello" -H "Authorization: Bearer $token"
  # Gateway B refreshes every cookie session: a new cookie each time, the same user and session upstream.
  first=$(sed -n '1s/^Cookie: __Host-gatehouse-session=//p' "$run/cred/refresh")
  expect 200 "$gateway_b/api/hello" -D "$headers" -b "__Host-gatehouse-session=$first"
  second=$(session_cookie_of "$headers")
  [ -n "$second" ] && [ "$second" != "$first" ] || die "gateway B did not refresh the session (no new cookie)"
  jq -e --arg s "$subject" '.subject == $s and .client == "gateway-browser"' "$run/last-body" >/dev/null \
    || die "refreshed session on gateway B: $(cat "$run/last-body")"
  local session_id
  session_id=$(jq -r .session "$run/last-body")
  expect 200 "$gateway_b/api/hello" -D "$headers" -b "__Host-gatehouse-session=$second"
  [ -n "$(session_cookie_of "$headers")" ] && [ "$(session_cookie_of "$headers")" != "$second" ] \
    || die "gateway B did not refresh the renewed session again"
  jq -e --arg id "$session_id" '.session == $id' "$run/last-body" >/dev/null || die "the refresh changed the session id"
}

before_wrk
sanity
counters
[ "$c_rotated" = $((rotated0 + 2)) ] && [ "$c_grants" -gt "$grants0" ] \
  || die "the checks' two refreshes on gateway B were not counted (gateways: $rotated0 -> $c_rotated)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
total=$(( $(secs "$REFRESH_WARMUP") + (WARMUP_ROUNDS * $(secs "$WARMUP") + (ROUNDS + PACED_ROUNDS) * $(secs "$DURATION")) * ${#keys[@]} ))
log "all targets answer as expected; a warm-up of (3) for $REFRESH_WARMUP, $WARMUP_ROUNDS warm-up round(s) of $WARMUP each, then $ROUNDS round(s) and" \
  "$PACED_ROUNDS paced round(s) of $DURATION each (~${total} s of load, plus $((CONNECTIONS + 1)) sign-ins a round)"
fresh_credentials "$CONNECTIONS"
measure refresh warmup "$REFRESH_WARMUP"
order_of() { if [ $(( $1 % 2 )) = 1 ]; then echo "${keys[*]}"; else echo "bearer_b refresh cookie bearer"; fi; }
for round in $(seq 1 "$WARMUP_ROUNDS"); do
  fresh_credentials "$CONNECTIONS"
  for key in $(order_of "$round"); do measure "$key" warmup "$WARMUP"; done
done
for round in $(seq 1 "$ROUNDS"); do
  fresh_credentials "$CONNECTIONS"
  log "round $round: $(order_of "$round")"
  for key in $(order_of "$round"); do measure "$key" "round$round" "$DURATION"; done
done
for round in $(seq 1 "$PACED_ROUNDS"); do
  fresh_credentials "$PACED_CONNECTIONS"
  log "paced round $round ($PACED_CONNECTIONS connections, ${PACED_DELAY_MS} ms pause after each response): $(order_of "$round")"
  for key in $(order_of "$round"); do measure "$key" "paced$round" "$DURATION"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
sanity

# --- report -----------------------------------------------------------------------------------------------
summary=$(summarise round)
s() { jq -r "$1" <<<"$summary"; }
paced=$(summarise paced)
p() { jq -r "$1" <<<"$paced"; }
ratio() { # A B: throughput A/B over all rounds, then the median (min - max) of the per-round ratios
  s "$jq_median"'(.'"$1"'.rps / .'"$2"'.rps) as $all | [range(0; .'"$2"'.rounds | length) as $i | .'"$1"'.rounds[$i] / .'"$2"'.rounds[$i]]
    | sort as $r | "\($all * 1000 | round / 1000) | \($r | median * 1000 | round / 1000) (\($r[0] * 1000 | round / 1000) – \($r[-1] * 1000 | round / 1000))"'
}
cpu_difference() { # A B: front CPU µs/req A − B over all rounds, then the median (min - max) of the per-round differences
  s "$jq_median"'(.'"$1"'.cpu_us - .'"$2"'.cpu_us) as $all | [range(0; .'"$2"'.cpu_rounds | length) as $i | .'"$1"'.cpu_rounds[$i] - .'"$2"'.cpu_rounds[$i]]
    | sort as $r | "\($all | round) | \($r | median | round) (\($r[0] | round) – \($r[-1] | round))"'
}
us() { s ".$1.cpu_us_of[\"$2\"] // null | if . == null then \"–\" else round | tostring end"; }

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git --no-optional-locks -C "$root" status --porcelain -- gateway token-service demo-upstream 2>/dev/null | head -c1 || true)
host_cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:\s*//p' | head -1)
report=$(
  echo "# Browser mode at the edge: cookie sessions, bearer tokens and refreshes through the gateway"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit${dirty:+ (gateway/token-service/demo-upstream sources modified)}," \
       "jars from ${JAR_DIR:-the module target/ dirs}, token service store: $STORE."
  echo "$(machine_line); host CPU (lscpu): ${host_cpu:-unknown}; load average before/after: $load_before / $load_after."
  [ -z "$BENCH_NOTE" ] || echo "$BENCH_NOTE"
  echo "wrk -t$CONNECTIONS -c$CONNECTIONS (one connection per thread, session.lua, every target); warm-up: $REFRESH_WARMUP of (3), then $WARMUP_ROUNDS alternating" \
       "round(s) of $WARMUP per target; then $ROUNDS round(s) of $DURATION per target, order alternating (1 2 3 1b / 1b 3 2 1)." \
       "Servers: $SERVER_JAVA_OPTS. No non-2xx responses, no socket errors; every (3) answer set a new cookie, no other answer did."
  echo
  echo "| target | request | req/s | req/s per round | p50 ms | p99 ms | max ms | gateway CPU µs/req | token service CPU µs/req | PostgreSQL CPU µs/req |"
  echo "|---|---|---:|---|---:|---:|---:|---:|---:|---:|"
  declare -A request_of=([bearer]="GET A /api/ping, Bearer" [cookie]="GET A /api/ping, cookie" \
    [refresh]="GET B /api/ping, cookie due for refresh" [bearer_b]="GET B /api/ping, Bearer")
  for key in "${keys[@]}"; do
    front=$(cut -d' ' -f1 <<<"${cpu_procs[$key]}")
    s ".$key | \"| ${label[$key]} | ${request_of[$key]} | \(.rps | floor) | \(.rounds | map(tostring) | join(\" / \")) |\" +
      \" \(.p50 * 100 | round / 100) | \(.p99 * 100 | round / 100) | \(.max * 10 | round / 10) |\"" | tr -d '\n'
    echo " $(us "$key" "$front") | $(us "$key" token-service) | $(us "$key" postgresql) |"
  done
  echo
  echo "| comparison | over all rounds | per round: median (min – max) |"
  echo "|---|---:|---:|"
  echo "| (2)/(1) throughput: cookie session vs bearer | $(ratio cookie bearer) |"
  echo "| (3)/(2) throughput: refresh at the edge vs cookie session | $(ratio refresh cookie) |"
  echo "| (1b)/(1) throughput: gateway B vs gateway A, both bearer (control) | $(ratio bearer_b bearer) |"
  echo "| gateway CPU µs/req, (2) − (1): what a cookie session adds | $(cpu_difference cookie bearer) |"
  echo "| gateway CPU µs/req, (3) − (2): the gateway's share of a refresh | $(cpu_difference refresh cookie) |"
  s '"| p99(2) − p99(1) | \(.cookie.p99 - .bearer.p99 | . * 100 | round / 100) ms | |"'
  s '"| refreshes per (3) answer (gateways'"'"' count / answers) | \(.refresh.counts.refreshes / .refresh.requests * 1000 | round / 1000) | |"'
  if [ "$PACED_ROUNDS" -gt 0 ]; then
    echo
    echo "Paced rounds: $PACED_ROUNDS per target, wrk -t$PACED_CONNECTIONS -c$PACED_CONNECTIONS, each connection pausing $PACED_DELAY_MS ms after every"
    echo "response (session-paced.lua): every target paced alike, far below its capacity, so the latency is service time rather"
    echo "than queueing (wrk times each request from its write, the pause excluded)."
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
    p '"| p50(2) − p50(1) | \(.cookie.p50 - .bearer.p50 | . * 1000 | round) µs |"'
    p '"| p99(2) − p99(1) | \(.cookie.p99 - .bearer.p99 | . * 100 | round / 100) ms |"'
    p '"| p50(3) − p50(2): latency a refresh adds | \(.refresh.p50 - .cookie.p50 | . * 100 | round / 100) ms |"'
    p '"| p99(3) − p99(2) | \(.refresh.p99 - .cookie.p99 | . * 100 | round / 100) ms |"'
    p '"| p50(1b) − p50(1) (control) | \(.bearer_b.p50 - .bearer.p50 | . * 1000 | round) µs |"'
  fi
  echo
  echo "req/s = all measured requests / measured time; p50/p99 = mean of the per-round wrk percentiles; max over"
  echo "rounds. CPU = user+sys time of the process (all threads) per measured request: the gateway wrk talks to (A"
  echo "for (1) and (2), B for (3) and (1b)), the token service, and the PostgreSQL backends of the token service's"
  echo "connections (not the WAL writer or checkpointer). The demo upstream's CPU is not counted. wrk runs closed-loop"
  echo "on the same CPUs as every server, so these are relative figures for this host only: compare rows of one run."
  spread=$(s '[.[] | select((.rounds | length) > 1 and (.rounds | min) > 0) | (.rounds | max) / (.rounds | min)] | max // 1')
  if awk -v x="$spread" 'BEGIN { exit !(x > 1.2) }'; then
    echo
    echo "**Note:** a target's rounds differ by up to $(awk -v x="$spread" 'BEGIN { printf "%.0f", (x - 1) * 100 }') % in"
    echo "req/s: the host was busy or the JVMs were not yet warm (JIT). The per-round medians are the robust comparison."
  fi
)
echo
echo "$report"
mkdir -p "$here/results"
echo "$report" >"$here/results/latest.md"
log "wrote $here/results/latest.md"
