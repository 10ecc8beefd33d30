#!/usr/bin/env bash
# Times JVM start-up with no agent, with Overdrive, and with the OpenTelemetry Java agent (the
# reference), for two programs, and writes startup.md in BENCH_OUT (default results/):
# - hello world, launch to exit; plus a hello-world whose main class has one @Cached method
#   (the agent wakes up: ByteBuddy loads and instruments it);
# - the demo application (demo-app), launch until the service has answered its first request.
#
# Environment: RUNS (timed hello-world runs per variant, default 15), DEMO_RUNS (timed demo runs
# per variant, default 10; 0 skips the demo), DEMO_PRODUCTS and DEMO_ORDERS (the demo's seed
# sizes, default 1000 and 200), DEMO_TIMEOUT (seconds a demo service may take to answer, default
# 120), DEMO_JAR (default ../demo-app/target/overdrive-demo.jar, built
<<<<<<< HEAD
# if missing), OTEL_VERSION (default 2.22.0), OVERDRIVE_AGENT_JAR (default: the agent module's
# jar, see lib.sh; built if missing), JAVA_HOME (default: java on the PATH),
# QUIET_LOAD and QUIET_WAIT (see wait_for_quiet in lib.sh).
=======
# if missing), OTEL_VERSION (default 2.22.0), OVERDRIVE_AGENT_JAR (default
# ../agent/target/overdrive-agent.jar, built if missing), BENCH_OUT (directory for startup.md,
# default benchmarks/results), JAVA_HOME (default: java on the PATH), QUIET_LOAD and QUIET_WAIT
# (see wait_for_quiet in lib.sh).
>>>>>>> h-queue
set -euo pipefail
shown_command="${BENCH_OUT:+BENCH_OUT=$BENCH_OUT }${RUNS:+RUNS=$RUNS }${DEMO_RUNS:+DEMO_RUNS=$DEMO_RUNS }${DEMO_PRODUCTS:+DEMO_PRODUCTS=$DEMO_PRODUCTS }${DEMO_ORDERS:+DEMO_ORDERS=$DEMO_ORDERS }${DEMO_JAR:+DEMO_JAR=$DEMO_JAR }${OTEL_VERSION:+OTEL_VERSION=$OTEL_VERSION }${OVERDRIVE_AGENT_JAR:+OVERDRIVE_AGENT_JAR=$OVERDRIVE_AGENT_JAR }${QUIET_WAIT:+QUIET_WAIT=$QUIET_WAIT }${QUIET_LOAD:+QUIET_LOAD=$QUIET_LOAD }benchmarks/startup.sh"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${RUNS:-15}"
demo_runs="${DEMO_RUNS:-10}"
demo_products="${DEMO_PRODUCTS:-1000}"
demo_orders="${DEMO_ORDERS:-200}"
demo_timeout="${DEMO_TIMEOUT:-120}" # seconds a demo service may take to answer
otel_version="${OTEL_VERSION:-2.22.0}"
overdrive_version=0.1.0-SNAPSHOT
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
work="$here/target/startup"
source "$here/lib.sh"
agent="${OVERDRIVE_AGENT_JAR:-$default_agent_jar}"
demo_jar="${DEMO_JAR:-$root/demo-app/target/overdrive-demo.jar}"
out="$(realpath -m "${BENCH_OUT:-$here/results}")"
mkdir -p "$work/src" "$work/classes" "$out"

if [[ ! -f "$agent" ]]; then
  [[ -z "${OVERDRIVE_AGENT_JAR:-}" ]] || { echo "OVERDRIVE_AGENT_JAR=$agent does not exist" >&2; exit 1; }
  echo "Building the agent ($agent is missing)..."
  mvn -B -q -f "$root/pom.xml" package -DskipTests -pl agent -am
fi
if ((demo_runs > 0)) && [[ ! -f "$demo_jar" ]]; then
  [[ -z "${DEMO_JAR:-}" ]] || { echo "DEMO_JAR=$demo_jar does not exist" >&2; exit 1; }
  echo "Building the demo ($demo_jar is missing)..."
  mvn -B -q -f "$root/pom.xml" package -DskipTests -pl demo-app -am
fi
agent="$(snapshot_agent "$agent" "$work/overdrive-agent.jar")"
agent_info="$(describe_agent "$agent" "$root")"
if ((demo_runs > 0)); then
  demo_jar="$(snapshot_jar "$demo_jar" "$work/overdrive-demo.jar" '^Main-Class:')"
  demo_info="$(basename "$demo_jar") sha256 $(sha256sum "$demo_jar" | cut -c1-12), $(stat -c %s "$demo_jar") bytes, built $(date -u -r "$demo_jar" +%FT%TZ); seeded with $demo_products products and $demo_orders orders"
fi

# The OpenTelemetry agent and the annotations jar, from Maven Central / the local repository.
fetch() { # groupId:artifactId:version -> $work/artifactId-version.jar
  local coordinates="$1" name
  name="$(cut -d: -f2 <<<"$coordinates")-$(cut -d: -f3 <<<"$coordinates").jar"
  if [[ ! -f "$work/$name" ]]; then
    mvn -B -q -f "$here/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=$coordinates" "-DoutputDirectory=$work" >&2
  fi
  echo "$work/$name"
}
otel="$(fetch "io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version")"
# The annotations jar of this checkout's build when there is one, so nothing needs installing.
annotations="$root/annotations/target/overdrive-annotations-$overdrive_version.jar"
[[ -f "$annotations" ]] || annotations="$(fetch "dev.overdrive:overdrive-annotations:$overdrive_version")"

cat > "$work/src/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
JAVA
cat > "$work/src/HelloCached.java" <<'JAVA'
import dev.overdrive.annotations.Cached;

public class HelloCached {
  @Cached
  static String greeting(String name) {
    return "hello " + name;
  }

  public static void main(String[] args) {
    System.out.println(greeting("world"));
  }
}
JAVA
"$javac" --release 17 -cp "$annotations" -d "$work/classes" "$work/src/Hello.java" "$work/src/HelloCached.java"

# Every variant gets the same class path, so only the agent differs.
cp_args=(-cp "$work/classes:$annotations")
otel_flags=("-javaagent:$otel" -Dotel.traces.exporter=none -Dotel.metrics.exporter=none
  -Dotel.logs.exporter=none)
names=(none overdrive otel overdrive-cached)
labels=("(i) no agent" "(ii) Overdrive, nothing to instrument" "(iii) OpenTelemetry agent $otel_version, exporters off"
  "(iv) Overdrive, one @Cached method called once")
command_of() { # variant -> sets cmd to the java command's arguments
  case "$1" in
    none) cmd=("${cp_args[@]}" Hello) ;;
    overdrive) cmd=("-javaagent:$agent" "${cp_args[@]}" Hello) ;;
    otel) cmd=("${otel_flags[@]}" "${cp_args[@]}" Hello) ;;
    overdrive-cached) cmd=("-javaagent:$agent" "${cp_args[@]}" HelloCached) ;;
  esac
}

# Sanity: each program runs, and each agent does what the variant claims.
check() { # variant, pattern expected in its output
  local out
  command_of "$1"
  out="$("$java" -Doverdrive.report=true "${cmd[@]}" 2>&1)" || { printf '%s failed:\n%s\n' "$1" "$out" >&2; exit 1; }
  grep -q -- "$2" <<<"$out" || { printf '%s: expected "%s" in:\n%s\n' "$1" "$2" "$out" >&2; exit 1; }
}
check none "^hello$"
check overdrive "no class with Overdrive annotations was loaded"
check otel "opentelemetry-javaagent - version: $otel_version"
check overdrive-cached "HelloCached"
check overdrive-cached "^hello world$"

# Classes each variant loads (an untimed run with class-load logging): what the time goes on.
loaded_classes() {
  command_of "$1"
  "$java" "-Xlog:class+load=info:file=$work/$1.classes" "${cmd[@]}" >/dev/null 2>&1
  wc -l < "$work/$1.classes" | tr -d ' '
}

time_run() { # variant -> wall milliseconds of one run
  local start end
  command_of "$1"
  start=$(date +%s%N)
  "$java" "${cmd[@]}" >/dev/null 2>&1
  end=$(date +%s%N)
  echo "scale=1; ($end - $start) / 1000000" | bc
}

# The demo: the service started by `serve` in this JVM (no child JVM: `--agent=none` without an
# agent; with -javaagent the demo serves in-process), with the JVM flags the demo's own launcher
# gives every service run (Launcher.SERVICE_JVM_FLAGS), on a port the system picks (--port=0),
# its in-memory H2 database seeded with $demo_products products and $demo_orders orders.
demo_names=(demo-none demo-overdrive demo-otel)
demo_jvm_flags=(-Xms512m -Xmx1g -Doverdrive.executor.pricing.threads=64 -Doverdrive.executor.journal.threads=1)
demo_args=(--port=0 "--products=$demo_products" "--orders=$demo_orders" "--journal=$work/demo-journal.log")
demo_command_of() { # variant -> sets cmd to the java command's arguments
  case "$1" in
    demo-none) cmd=("${demo_jvm_flags[@]}" -jar "$demo_jar" serve --agent=none "${demo_args[@]}") ;;
    demo-overdrive) cmd=("${demo_jvm_flags[@]}" "-javaagent:$agent" -jar "$demo_jar" serve "${demo_args[@]}") ;;
    demo-otel) cmd=("${demo_jvm_flags[@]}" "${otel_flags[@]}" -jar "$demo_jar" serve "${demo_args[@]}") ;;
  esac
}

# The service being timed, stopped on any exit (error, Ctrl-C: a background job of a script
# ignores SIGINT, so it would outlive the script otherwise).
service_pid=""
stop_service() { # signal: KILL for timed runs (nothing to save), TERM for the checks
  local signal="$1" pid="$service_pid" i
  [[ -n "$pid" ]] || return 0
  service_pid=""
  if [[ "$signal" == TERM ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do # 20 s to stop, then SIGKILL
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    ((i < 200)) || kill -KILL "$pid" 2>/dev/null || true
  else
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true # reaped here, so bash prints no "Killed" notice
}
trap 'stop_service KILL' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# demo_start VARIANT [extra java flags...]: launches the service and returns once it has answered
# GET /products/1 (status 200), setting demo_ms (launch to answer, wall milliseconds) and demo_log.
# Readiness: the service prints "READY <url>" once its API listens; the script then sends the
# request (the log is polled every 20 ms, which adds the same jitter to every variant).
demo_start() {
  local variant="$1" start end deadline url
  shift
  demo_command_of "$variant"
  demo_log="$work/$variant.log"
  : > "$demo_log"
  start=$(date +%s%N)
  "$java" "$@" "${cmd[@]}" > "$demo_log" 2>&1 &
  service_pid=$!
  deadline=$((SECONDS + demo_timeout))
  until grep -q '^READY ' "$demo_log"; do
    if ! kill -0 "$service_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      printf '%s: the service did not get ready (%s); its output:\n' "$variant" \
        "$(kill -0 "$service_pid" 2>/dev/null && echo "not within $demo_timeout s" || echo exited)" >&2
      tail -40 "$demo_log" >&2
      exit 1
    fi
    sleep 0.02
  done
  url="$(sed -n 's/^READY //p' "$demo_log" | head -1)"
  curl -sf -o /dev/null --max-time 30 "$url/products/1" \
    || { printf '%s: GET %s/products/1 failed; its output:\n' "$variant" "$url" >&2; tail -40 "$demo_log" >&2; exit 1; }
  end=$(date +%s%N)
  demo_ms="$(echo "scale=1; ($end - $start) / 1000000" | bc)"
}

# One untimed run per variant, which also warms the file cache: checks that the variant is what
# it claims, and counts the classes loaded by the time of the first answer (-Xlog:class+load;
# the log is written as classes load). Stopped with SIGTERM, so the agent prints its summary.
declare -A demo_classes
demo_check() { # variant, patterns expected in its output
  local variant="$1" pattern
  shift
  rm -f "$work/$variant.classes"
  demo_start "$variant" "-Xlog:class+load=info:file=$work/$variant.classes"
  demo_classes[$variant]="$(wc -l < "$work/$variant.classes" | tr -d ' ')"
  stop_service TERM
  for pattern in "$@"; do
    grep -q -- "$pattern" "$demo_log" \
      || { printf '%s: expected "%s" in:\n%s\n' "$variant" "$pattern" "$(cat "$demo_log")" >&2; exit 1; }
  done
}

demo_labels=("(i) no agent" "(ii) Overdrive, agent awake: instruments the demo's annotated methods"
  "(iii) OpenTelemetry agent $otel_version, exporters off")
if ((demo_runs > 0)); then
  echo "Checking the demo variants (one untimed run each; $SECONDS s since the script started)..."
  demo_check demo-none "^\[demo\] overdrive: off"
  demo_check demo-overdrive "^\[demo\] overdrive: on" "^\[overdrive\] [1-9][0-9]* methods instrumented"
  demo_check demo-otel "^\[demo\] overdrive: off" "opentelemetry-javaagent - version: $otel_version"
  # The label says what the agent did: "(ii) Overdrive, agent awake: 5 methods instrumented in 3 classes".
  instrumented="$(sed -n 's/^\[overdrive\] \([0-9]* methods instrumented in [0-9]* classes\).*/\1/p' "$work/demo-overdrive.log" | head -1)"
  [[ -z "$instrumented" ]] || demo_labels[1]="(ii) Overdrive, agent awake: $instrumented"
fi

wait_for_quiet
load() { [[ -r /proc/loadavg ]] && awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg || echo unknown; }
load_before="$(load)"
echo "Timing $runs runs of each hello-world variant, in rotating order..."
for name in "${names[@]}"; do : > "$work/$name.ms"; done
for name in "${names[@]}"; do time_run "$name" >/dev/null; done # warm the file cache
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < ${#names[@]}; k++)); do
    name="${names[$(((r + k) % ${#names[@]}))]}"
    time_run "$name" >> "$work/$name.ms"
  done
done

echo "Hello world timed in $SECONDS s since the script started."
if ((demo_runs > 0)); then
  echo "Timing $demo_runs runs of each demo variant, in rotating order..."
  for name in "${demo_names[@]}"; do : > "$work/$name.ms"; done
  for ((r = 0; r < demo_runs; r++)); do
    for ((k = 0; k < ${#demo_names[@]}; k++)); do
      name="${demo_names[$(((r + k) % ${#demo_names[@]}))]}"
      demo_start "$name"
      stop_service KILL
      echo "$demo_ms" >> "$work/$name.ms"
    done
  done
  echo "Demo timed; $SECONDS s since the script started."
fi

# median p25 p75 min max of a file of numbers (linear interpolation between ranks).
stats() {
  sort -n "$1" | awk '{ v[NR] = $1 }
    function q(p,   i, f) { i = 1 + p * (NR - 1); f = int(i); return v[f] + (i - f) * (v[f + 1 < NR ? f + 1 : NR] - v[f]) }
    END { printf "%.0f %.0f %.0f %.0f %.0f\n", q(0.5), q(0.25), q(0.75), v[1], v[NR] }'
}

# added BASE VARIANT: what VARIANT adds to BASE, round by round (line r of each file is round r,
# in which every variant ran once, side by side): "+40 [+25, +61], 10 rounds", the median of the
# per-round differences and its confidence interval, as BenchRun gives ratios (order statistics:
# the k-th lowest and highest difference, k the largest whose coverage is at least 90%).
added() {
  paste "$work/$2.ms" "$work/$1.ms" | awk '{ print $1 - $2 }' | sort -n | awk '{ v[NR] = $1 }
    END {
      n = NR; median = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      if (n < 2) { printf "%+.0f", median; exit }
      # below: P(Binomial(n, 1/2) < k) * 2^n, grown while the interval keeps 90% coverage
      k = 1; below = 1; choose = n
      for (j = 2; j <= n / 2; j++) {
        if (1 - 2 * (below + choose) / 2 ^ n < 0.90) break
        below += choose; choose = choose * (n - j + 1) / j; k = j
      }
      printf "%+.0f [%+.0f, %+.0f], %d rounds", median, v[k], v[n + 1 - k], n
    }'
}

# table BASELINE_VARIANT NAMES_ARRAY LABELS_ARRAY CLASSES_FUNCTION: the rows of one table.
table() {
  local base="$1" classes_of="$4" median p25 p75 min max plus k
  local -n tnames="$2" tlabels="$3"
  echo "| variant | median | p25 | p75 | min | max | added vs no agent: median over rounds [interval] | classes loaded |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for ((k = 0; k < ${#tnames[@]}; k++)); do
    read -r median p25 p75 min max < <(stats "$work/${tnames[$k]}.ms")
    [[ "${tnames[$k]}" == "$base" ]] && plus="–" || plus="$(added "$base" "${tnames[$k]}")"
    echo "| ${tlabels[$k]} | $median | $p25 | $p75 | $min | $max | $plus | $("$classes_of" "${tnames[$k]}") |"
  done
}
demo_classes_of() { echo "${demo_classes[$1]:-–}"; }

load_after="$(load)"
report="$out/startup.md"
{
  echo "# Start-up time: no agent vs Overdrive vs OpenTelemetry"
  echo
  echo "Generated by \`benchmarks/startup.sh\` on $(date -u +%FT%TZ)."
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| JVM | $("$java" -version 2>&1 | paste -sd ';' | sed 's/;/; /g') |"
  echo "| Machine | $(uname -sm), $(nproc) processors; load average (1 / 5 / 15 min) $load_before before, $load_after after |"
  echo "| Overdrive agent | $agent_info |"
  ((demo_runs == 0)) || echo "| Demo | $demo_info |"
  echo "| Command | \`$shown_command\` |"
  echo
  echo "### hello world"
  echo
  echo "Wall time of one \`java\` process from launch to exit (\`date +%s%N\` around it), $runs runs"
  echo "per variant after one untimed run each, the variants in rotating order so that drift in"
  echo "the machine spreads over all of them. Milliseconds. \"Added\" is computed round by round (each"
  echo "round runs every variant once): the median of the per-round differences, with its confidence"
  echo "interval of at least 90% in brackets (order statistics). \"Classes loaded\" comes from one"
  echo "more, untimed run with \`-Xlog:class+load\`."
  echo
  table none names labels loaded_classes
  echo
  echo "The java commands (\`$java\` followed by):"
  echo
  for ((k = 0; k < ${#names[@]}; k++)); do
    command_of "${names[$k]}"
    echo "- ${labels[$k]}: \`${cmd[*]}\`"
  done
  if ((demo_runs > 0)); then
    echo
    echo "### demo application"
    echo
    echo "Wall time from launching the demo service (\`overdrive-demo.jar serve\`: in-memory H2 database"
    echo "seeded, pricing service, HTTP API) until it has answered its first request, \`GET /products/1\`"
    echo "(sent as soon as it prints its READY line; the log is polled every 20 ms). $demo_runs runs per"
    echo "variant in rotating order, after one untimed run each that checks the variant and counts the"
    echo "classes loaded by the first answer (\`-Xlog:class+load\`). Each service is killed once it has"
    echo "answered. Milliseconds. The database is seeded with $demo_products products and $demo_orders orders"
    echo "instead of the demo's default 50,000 and 20,000: seeding is the same work with or without an"
    echo "agent, and at the default size it takes about 7 s and varies by more than a second from run to"
    echo "run on 2 cores, which would hide the agents' cost (DEMO_PRODUCTS, DEMO_ORDERS change it)."
    echo
    table demo-none demo_names demo_labels demo_classes_of
    echo
    echo "The java commands (\`$java\` followed by):"
    echo
    for ((k = 0; k < ${#demo_names[@]}; k++)); do
      demo_command_of "${demo_names[$k]}"
      echo "- ${demo_labels[$k]}: \`${cmd[*]}\`"
    done
  fi
  echo
  echo "Raw timings: \`benchmarks/target/startup/<variant>.ms\`. The script took $SECONDS s."
} > "$report"
cat "$report"
