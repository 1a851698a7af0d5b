# Shared machinery of the whole-system wrk benchmarks (bench/gateway-wrk/run.sh, bench/browser-mode/run.sh),
# sourced by their run.sh after `set -euo pipefail`. Before sourcing, the caller sets
#   root (the repository), JAR_DIR (may be empty), REBUILD (0/1), WORK_DIR, SERVER_JAVA_OPTS.
# What it gives:
#   die / log / secs                 errors, timestamped progress on stderr, "15s"/"2m" -> seconds
#   require_tools / require_free_ports
#   prepare_run NAME... MODULE...    jars found (JAR_DIR or the modules' target/, built when missing), a fresh
#                                    work dir $run with a subdir per process NAME and the jars copied into it
#   start / check_alive / wait_for / pid_of   processes, each in $run/NAME with its log in $run/NAME.log; all of
#                                    them are stopped on exit (trap), then the optional hook `on_cleanup` runs
#   expect CODE URL [curl args]      one request must answer CODE (body in $run/last-body)
#   measure KEY PHASE DURATION       one wrk run, its figures appended to $run/results.jsonl (see below)
#   summarise PREFIX                 per-target figures of the phases PREFIX<n>, as one JSON object
#   jq_median                        a jq `median` definition; machine_line: host, JDK, wrk, for the report
# Every wait is bounded; wrk runs under a timeout.

die() { echo "run.sh: $*" >&2; exit 1; }
trap 'echo "run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# "20s" / "2m" / "20" -> whole seconds (wrk accepts the same forms).
secs() {
  case $1 in
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *h) echo $(( ${1%h} * 3600 )) ;;
    *) echo "$1" ;;
  esac
}

require_tools() {
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || die "$tool not found (wrk: apt-get install -y wrk)"; done
}

require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use on 127.0.0.1"; fi
  done
}

# --- jars and the work dir ------------------------------------------------------------------------------------
module_jar() { if [ -n "$JAR_DIR" ]; then echo "$JAR_DIR/$1.jar"; else echo "$root/$1/target/$1.jar"; fi; }

# prepare_run "proc1 proc2 ..." module...: checks or builds each module's jar, makes $run (with subdirs for the
# processes and for wrk's output) and copies the jars there, so rebuilds elsewhere never touch a running benchmark.
prepare_run() {
  local processes=$1 module jar
  shift
  for module in "$@"; do
    jar=$(module_jar "$module")
    if [ -n "$JAR_DIR" ]; then
      [ -f "$jar" ] || die "$jar not found"
    elif [ ! -f "$jar" ] || [ "$REBUILD" = 1 ]; then
      log "building $module and the modules it needs"
      (cd "$root" && ./mvnw -B -q -pl "$module" -am package -DskipTests)
    fi
  done
  mkdir -p "$WORK_DIR"
  run=$(mktemp -d "$WORK_DIR/run-$(date +%Y%m%d-%H%M%S)-XXXX")
  mkdir -p "$run/wrk"
  for module in $processes; do mkdir -p "$run/$module"; done
  for module in "$@"; do cp "$(module_jar "$module")" "$run/$module.jar"; done
  log "work dir $run"
}

# --- processes ------------------------------------------------------------------------------------------------
pids=()
names=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if declare -F on_cleanup >/dev/null; then on_cleanup || true; fi
  if [ -n "${run:-}" ]; then
    rm -f "$run"/*.jar
    rm -rf "$run"/*/data
    [ ${#pids[@]} = 0 ] || log "stopped ${names[*]} (logs and raw wrk output in $run)"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs COMMAND in $run/NAME (its working dir), output to $run/NAME.log.
start() {
  local name=$1
  shift
  (cd "$run/$name" && exec "$@") >"$run/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}
check_alive() {
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || die "${names[$i]} exited; see $run/${names[$i]}.log"
  done
}
# wait_for NAME URL CODE: until URL answers CODE (at most 180 s).
wait_for() {
  local code
  for _ in $(seq 1 180); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$2" || true)
    [ "$code" = "$3" ] && return 0
    check_alive
    sleep 1
  done
  die "$1 not ready after 180 s ($2 answered $code, wanted $3); see $run/$1.log"
}
pid_of() { local i; for i in "${!names[@]}"; do if [ "${names[$i]}" = "$1" ]; then echo "${pids[$i]}"; fi; done; }

# expect CODE URL [curl args]: one request must answer CODE; the body is left in $run/last-body.
expect() {
  local want=$1 target=$2 code
  shift 2
  code=$(curl -s -o "$run/last-body" -w '%{http_code}' --max-time 5 "$@" "$target" || true)
  [ "$code" = "$want" ] || die "$target answered $code, expected $want: $(head -c 300 "$run/last-body")"
}

# --- measuring ------------------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks (user + sys, all threads) of NAME: a process started here, or what the caller's function
# ticks_NAME reports (e.g. the PostgreSQL backends of one database).
cpu_ticks_of() {
  local pid
  pid=$(pid_of "$1")
  if [ -n "$pid" ]; then cpu_ticks "$pid"; else "ticks_$1"; fi
}

# measure KEY PHASE DURATION: one wrk run (`wrk --latency -d DURATION`) against target KEY. The caller defines
#   wrk_command KEY PHASE     sets the array wrk_args: wrk's other options, -s script, URL and script arguments
#   cpu_procs[KEY]            names whose CPU is read around the run (cpu_ticks_of), the front process first
# and may define the hooks before_wrk KEY PHASE and after_wrk KEY PHASE OUT JSON; after_wrk prints a JSON object
# of counts to keep with the run (or fails it). The script must print report.lua's WRKJSON line. Any non-2xx
# response or socket error fails the run. Appends one JSON line to $run/results.jsonl: wrk's figures plus key,
# phase, cpu_ms (the front process's CPU in ms), cpu (every process's CPU in ms) and counts.
declare -A cpu_procs
measure() {
  local key=$1 phase=$2 duration=$3 out json bad name cpu="{}" counts="{}"
  local -a procs before=()
  out="$run/wrk/$key-$phase.txt"
  wrk_command "$key" "$phase"
  read -r -a procs <<<"${cpu_procs[$key]}"
  # The hooks run outside the CPU window: what they ask the servers (metrics) is not charged to the requests.
  if declare -F before_wrk >/dev/null; then before_wrk "$key" "$phase"; fi
  for name in "${procs[@]}"; do before+=("$(cpu_ticks_of "$name")"); done
  timeout --foreground -k 5 $(( $(secs "$duration") + 30 )) wrk --latency -d"$duration" "${wrk_args[@]}" >"$out" 2>&1 \
    || die "wrk failed for ${label[$key]:-$key} ($phase); see $out"
  local i=0
  for name in "${procs[@]}"; do
    cpu=$(jq -c --arg name "$name" --argjson ms "$(( ($(cpu_ticks_of "$name") - before[i]) * 1000 / clk_tck ))" \
      '. + {($name): $ms}' <<<"$cpu")
    i=$((i + 1))
  done
  json=$(sed -n 's/^WRKJSON //p' "$out")
  [ -n "$json" ] || die "no WRKJSON line from wrk; see $out"
  bad=$(jq '.status + .connect + .read + .write + .timeout' <<<"$json")
  if [ "$bad" != 0 ]; then
    die "${label[$key]:-$key} ($phase): $(jq -c '{non2xx: .status, connect, read, write, timeout}' <<<"$json") - failed run; see $out"
  fi
  if declare -F after_wrk >/dev/null; then counts=$(after_wrk "$key" "$phase" "$out" "$json"); fi
  jq -c --arg key "$key" --arg phase "$phase" --arg front "${procs[0]}" --argjson cpu "$cpu" --argjson counts "$counts" \
    '. + {key: $key, phase: $phase, cpu_ms: $cpu[$front], cpu: $cpu, counts: $counts}' <<<"$json" >>"$run/results.jsonl"
  log "  ${label[$key]:-$key} $phase: $(jq -r '"\(.requests * 1000000 / .duration_us | floor) req/s, p50 \(.p50_us / 1000) ms, p99 \(.p99_us / 1000) ms"' <<<"$json")"
}

# summarise PREFIX: per target (by key) of the phases named PREFIX<n>: rps (all requests / all measured time),
# rounds (each round's req/s), p50/p90/p99 (mean of the rounds' percentiles, ms), p50s/p99s (each round's), max,
# cpu_us (front CPU µs per request; cpu_rounds: each round's), cpu_us_of (the same for every process read), requests, counts (summed).
summarise() {
  jq -s --arg prefix "$1" '
  [ .[] | select(.phase | test("^" + $prefix + "[0-9]+$")) ] | group_by(.key) | map({
    key: .[0].key,
    rps: ((map(.requests) | add) * 1000000 / (map(.duration_us) | add)),
    rounds: map(.requests * 1000000 / .duration_us | floor),
    p50: ((map(.p50_us) | add) / length / 1000),
    p90: ((map(.p90_us) | add) / length / 1000),
    p99: ((map(.p99_us) | add) / length / 1000),
    max: ((map(.max_us) | max) / 1000),
    cpu_us: ((map(.cpu_ms) | add) * 1000 / (map(.requests) | add)),
    cpu_rounds: map(.cpu_ms * 1000 / .requests),
    cpu_us_of: ((map(.requests) | add) as $n | [ .[].cpu | to_entries[] ] | group_by(.key)
      | map({key: .[0].key, value: ((map(.value) | add) * 1000 / $n)}) | from_entries),
    p50s: map(.p50_us / 1000),
    p99s: map(.p99_us / 1000),
    requests: (map(.requests) | add),
    counts: ([ .[].counts // {} | to_entries[] ] | group_by(.key) | map({key: .[0].key, value: (map(.value) | add)})
      | from_entries)
  }) | INDEX(.key)' "$run/results.jsonl"
}

jq_median='def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;'

machine_line() {
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1)," \
       "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
}
