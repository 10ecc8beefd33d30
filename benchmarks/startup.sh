#!/usr/bin/env bash
# Times JVM start-up (wall clock, launch to exit) of a hello-world program with no agent, with
# Overdrive, and with the OpenTelemetry Java agent, plus a hello-world whose main class has one
# @Cached method (the agent wakes up: ByteBuddy loads and instruments it). Writes
# results/startup.md.
#
# Environment: RUNS (timed runs per variant, default 15), OTEL_VERSION (default 2.22.0),
# OVERDRIVE_AGENT_JAR (default ../agent/target/overdrive-agent.jar, built if missing),
# JAVA_HOME (default: java on the PATH), QUIET_LOAD and QUIET_WAIT (see wait_for_quiet in lib.sh).
set -euo pipefail
shown_command="${RUNS:+RUNS=$RUNS }${OTEL_VERSION:+OTEL_VERSION=$OTEL_VERSION }${OVERDRIVE_AGENT_JAR:+OVERDRIVE_AGENT_JAR=$OVERDRIVE_AGENT_JAR }${QUIET_WAIT:+QUIET_WAIT=$QUIET_WAIT }${QUIET_LOAD:+QUIET_LOAD=$QUIET_LOAD }benchmarks/startup.sh"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${RUNS:-15}"
otel_version="${OTEL_VERSION:-2.22.0}"
overdrive_version=0.1.0-SNAPSHOT
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
work="$here/target/startup"
agent="${OVERDRIVE_AGENT_JAR:-$root/agent/target/overdrive-agent.jar}"
mkdir -p "$work/src" "$work/classes" "$here/results"

if [[ ! -f "$agent" ]]; then
  [[ -z "${OVERDRIVE_AGENT_JAR:-}" ]] || { echo "OVERDRIVE_AGENT_JAR=$agent does not exist" >&2; exit 1; }
  echo "Building the agent ($agent is missing)..."
  mvn -B -q -f "$root/pom.xml" install -DskipTests -pl agent -am
fi
source "$here/lib.sh"
agent="$(snapshot_agent "$agent" "$work/overdrive-agent.jar")"
agent_info="$(describe_agent "$agent" "$root")"

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
annotations="$(fetch "dev.overdrive:overdrive-annotations:$overdrive_version")"

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

wait_for_quiet
load() { [[ -r /proc/loadavg ]] && awk '{ print $1 " / " $2 " / " $3 }' /proc/loadavg || echo unknown; }
load_before="$(load)"
echo "Timing $runs runs of each variant, in rotating order..."
for name in "${names[@]}"; do : > "$work/$name.ms"; done
for name in "${names[@]}"; do time_run "$name" >/dev/null; done # warm the file cache
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < ${#names[@]}; k++)); do
    name="${names[$(((r + k) % ${#names[@]}))]}"
    time_run "$name" >> "$work/$name.ms"
  done
done

# median p25 p75 min max of a file of numbers (linear interpolation between ranks).
stats() {
  sort -n "$1" | awk '{ v[NR] = $1 }
    function q(p,   i, f) { i = 1 + p * (NR - 1); f = int(i); return v[f] + (i - f) * (v[f + 1 < NR ? f + 1 : NR] - v[f]) }
    END { printf "%.0f %.0f %.0f %.0f %.0f\n", q(0.5), q(0.25), q(0.75), v[1], v[NR] }'
}

load_after="$(load)"
read -r base_median _ < <(stats "$work/none.ms")
report="$here/results/startup.md"
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
  echo "| Command | \`$shown_command\` |"
  echo
  echo "Wall time of one \`java\` process from launch to exit (\`date +%s%N\` around it), $runs runs"
  echo "per variant after one untimed run each, the variants in rotating order so that drift in"
  echo "the machine spreads over all of them. Milliseconds. \"Classes loaded\" comes from one more,"
  echo "untimed run with \`-Xlog:class+load\`."
  echo
  echo "| variant | median | p25 | p75 | min | max | median added vs no agent | classes loaded |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for ((k = 0; k < ${#names[@]}; k++)); do
    read -r median p25 p75 min max < <(stats "$work/${names[$k]}.ms")
    added=$((median - base_median))
    [[ "${names[$k]}" == none ]] && added="–" || added="+$added"
    echo "| ${labels[$k]} | $median | $p25 | $p75 | $min | $max | $added | $(loaded_classes "${names[$k]}") |"
  done
  echo
  echo "The java commands (\`$java\` followed by):"
  echo
  for ((k = 0; k < ${#names[@]}; k++)); do
    command_of "${names[$k]}"
    echo "- ${labels[$k]}: \`${cmd[*]}\`"
  done
  echo
  echo "Raw timings: \`benchmarks/target/startup/<variant>.ms\`."
} > "$report"
cat "$report"
