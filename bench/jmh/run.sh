#!/usr/bin/env bash
# JMH micro-benchmarks (SigningBenchmark, GatewayValidationBenchmark) on JDK 17 and on Temurin 25.
# Builds bench/jmh only (never the root reactor), runs each JDK in turn, writes JSON and text results
# under bench/jmh/results/<timestamp>/ and prints a summary table (also saved as summary.md).
#
# Usage: bench/jmh/run.sh [benchmark regex ...]     e.g. bench/jmh/run.sh SigningBenchmark
# Environment:
#   JMH_OPTS    JMH options (default: -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1); e.g. add "-p alg=RS256,EdDSA"
#   JAVA17      java for the first run  (default: `java` on PATH if it is 17, else /usr/lib/jvm/java-17-openjdk-amd64)
#   JAVA25      java for the second run (default: /usr/lib/jvm/temurin-25*/bin/java)
#   JDKS        which runs to do, default "17 25"
#   SKIP_BUILD  set to 1 to reuse target/benchmarks.jar
#   RESULTS_DIR where to write (default: results/<timestamp>)
set -euo pipefail
cd "$(dirname "$0")"

opts=${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s -t 1}
jdks=${JDKS:-17 25}

major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

java17=${JAVA17:-}
if [ -z "$java17" ]; then
  if command -v java >/dev/null && [ "$(major java)" = 17 ]; then java17=java
  else java17=$(ls -d /usr/lib/jvm/java-17-openjdk*/bin/java /usr/lib/jvm/*17*/bin/java 2>/dev/null | head -1); fi
fi
java25=${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1)}

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f target/benchmarks.jar ]; then
  echo "building bench/jmh (log: /tmp/jmh-build.log)"
  if ! ../../mvnw -B -q package > /tmp/jmh-build.log 2>&1; then
    tail -50 /tmp/jmh-build.log
    exit 1
  fi
fi

out=${RESULTS_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
{
  echo "date:    $(date -u +%FT%TZ)"
  echo "host:    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (at start)"
  echo "jmh:     $opts $*"
  echo "commit:  $(git -C ../.. rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > "$out/env.txt"

labels=()
files=()
for v in $jdks; do
  case $v in
    17) j=$java17 ;;
    25) j=$java25 ;;
    *) echo "unknown JDK '$v' in JDKS (17 or 25)" >&2; exit 2 ;;
  esac
  if [ -z "$j" ] || ! "$j" -version >/dev/null 2>&1; then
    echo "no JDK $v found (set JAVA$v)" >&2; exit 2
  fi
  echo "jdk$v:   $("$j" -version 2>&1 | sed -n 2p)" >> "$out/env.txt"
  echo "== JDK $v: $j $opts $* -> $out/jdk$v.{json,txt}"
  # JDK 24+ warns that JMH's infrastructure uses sun.misc.Unsafe; allow it quietly (forks inherit the flag).
  quiet=(); [ "$(major "$j")" -ge 24 ] 2>/dev/null && quiet=(--sun-misc-unsafe-memory-access=allow)
  # The console output (including what the forked benchmark VMs print) is kept as jdkNN.txt.
  # shellcheck disable=SC2086
  "$j" "${quiet[@]}" -jar target/benchmarks.jar $opts "$@" -rf json -rff "$out/jdk$v.json" 2>&1 | tee "$out/jdk$v.txt"
  labels+=("JDK $v")
  files+=("$out/jdk$v.json")
done

summary() {
  if command -v jq >/dev/null; then
    local IFS=,
    jq -rn --arg labels "${labels[*]}" '
      def fmt: if . >= 100 then (. | round | tostring) else ((. * 100 | round) / 100 | tostring) end;
      def fmt2: (. * 100 | round) as $r | ($r / 100 | floor | tostring) + "." + ($r % 100 | tostring | if length == 1 then "0" + . else . end);
      def cell: .s as $s | .e as $e | ($s | fmt) + (if ($e | type) == "number" and ($e == $e) then " ± " + ($e | fmt) else "" end);
      ($labels | split(",")) as $l
      | [inputs | map({
          key: ((.benchmark | split(".") | .[-2:] | join(".")) + "\t" + ((.params // {}) | to_entries | map(.value) | join(","))),
          value: {s: .primaryMetric.score, e: .primaryMetric.scoreError, u: .primaryMetric.scoreUnit}
        }) | from_entries] as $runs
      | ([$runs[] | keys_unsorted[]] | reduce .[] as $k ([]; if index([$k]) then . else . + [$k] end)) as $keys
      | ($runs | map(to_entries[0].value.u // "ops/s") | .[0]) as $unit
      | "| benchmark | params | " + ($l | map(. + " (" + $unit + ")") | join(" | ")) + (if ($l | length) == 2 then " | " + $l[1] + " / " + $l[0] else "" end) + " |",
        "|---|---|" + ($l | map("---:") | join("|")) + (if ($l | length) == 2 then "|---:" else "" end) + "|",
        ($keys[] as $k
          | ($k | split("\t")) as $p
          | [$runs[] | .[$k]] as $c
          | "| " + $p[0] + " | " + $p[1] + " | "
            + ($c | map(if . == null then "–" else cell end) | join(" | "))
            + (if ($c | length) == 2 and $c[0] != null and $c[1] != null then " | " + ($c[1].s / $c[0].s | fmt2) + "×" else (if ($l | length) == 2 then " | –" else "" end) end)
            + " |")
    ' "${files[@]}"
  else
    for f in "${files[@]}"; do
      echo "${f%.json}.txt:"; sed -n '/^Benchmark /,$p' "${f%.json}.txt" | grep -v '^Benchmark result'
    done
  fi
}

echo
echo "JMH results ($out; $(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/load at end: /'))"
summary | tee "$out/summary.md"
for f in "${files[@]}"; do
  grep '^\[cache\]' "${f%.json}.txt" | sed "s/^/  $(basename "$f" .json) /" || true
done > "$out/cache-ratios.txt"
if [ -s "$out/cache-ratios.txt" ]; then
  echo; echo "gateway verified-token cache, per trial:"; cat "$out/cache-ratios.txt"
fi
exit 0
