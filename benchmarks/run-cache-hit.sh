#!/usr/bin/env bash
# Measures the cost of a cache hit (CacheHitBenchmark) in each JVM configuration and writes
# results/cache-hit.md. Extra arguments go to JMH, e.g. `-wi 5 -i 10` or `-f 2`.
#
# Environment: OVERDRIVE_AGENT_JAR (default ../agent/target/overdrive-agent.jar, built if missing),
# JAVA_HOME (default: java on the PATH), QUIET_LOAD and QUIET_WAIT (see wait_for_quiet in lib.sh).
# Takes about 6 minutes on 2 cores: 32 benchmark runs x 2 forks x (2 x 1 s warm-up + 3 x 1 s measurement).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
agent="${OVERDRIVE_AGENT_JAR:-$root/agent/target/overdrive-agent.jar}"

if [[ ! -f "$agent" ]]; then
  if [[ -n "${OVERDRIVE_AGENT_JAR:-}" ]]; then
    echo "OVERDRIVE_AGENT_JAR=$agent does not exist" >&2
    exit 1
  fi
  echo "Building the agent ($agent is missing)..."
  mvn -B -q -f "$root/pom.xml" install -DskipTests -pl agent -am
fi

echo "Building benchmarks/target/benchmarks.jar..."
mvn -B -q -f "$here/pom.xml" package

# Every fork uses one snapshot of the agent, so a rebuild of agent/ during the run can neither
# break a fork nor mix two builds in one report.
source "$here/lib.sh"
agent="$(snapshot_agent "$agent" "$here/target/overdrive-agent.jar")"
agent_info="$(describe_agent "$agent" "$root")"

mkdir -p "$here/results"
args=("$@")
run=("$java" "-Doverdrive.agent.jar=$agent" "-Dbench.out=$here/results/cache-hit.md"
  -cp "$here/target/benchmarks.jar" dev.overdrive.benchmarks.CacheHitRun "${args[@]}")
# What the report shows as the command: this script, and the Java command it runs.
printf -v shown '%q ' "${run[@]}"
env_shown="${OVERDRIVE_AGENT_JAR:+OVERDRIVE_AGENT_JAR=$OVERDRIVE_AGENT_JAR }${QUIET_WAIT:+QUIET_WAIT=$QUIET_WAIT }${QUIET_LOAD:+QUIET_LOAD=$QUIET_LOAD }"
command="${env_shown}benchmarks/run-cache-hit.sh${args[*]:+ ${args[*]}}, which runs: ${shown% }"

cd "$here"
wait_for_quiet
"$java" "-Dbench.command=$command" "-Dbench.agent=$agent_info" "${run[@]:1}" 2>&1 | tee "$here/target/cache-hit.log"
echo "Results: $here/results/cache-hit.md (JMH log: $here/target/cache-hit.log)"
