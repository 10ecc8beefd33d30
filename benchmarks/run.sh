#!/usr/bin/env bash
# The one command: runs every suite (or those named) and the start-up script, and writes
# results/latest.md with an SVG chart per suite. About 11 minutes on 2 cores with the defaults.
#
#   benchmarks/run.sh                      # everything
#   benchmarks/run.sh cache-hit batched    # some suites (ids: see results/latest.md or BenchRun)
#   benchmarks/run.sh -f 2 -i 5            # JMH options override the suites' defaults
#
# Environment: OVERDRIVE_AGENT_JAR (default: the agent module's jar, see lib.sh; built if missing),
# BENCH_OUT (directory for latest.md and the charts, default benchmarks/results),
# JAVA_HOME (default: java on the PATH), STARTUP_RUNS (start-up runs per variant, default 10;
# 0 skips start-up), QUIET_LOAD and QUIET_WAIT (see wait_for_quiet in lib.sh).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
source "$here/lib.sh"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
agent="${OVERDRIVE_AGENT_JAR:-$default_agent_jar}"
startup_runs="${STARTUP_RUNS:-10}"
args=("$@")

if [[ ! -f "$agent" || ! -f "$root/demo-app/target/overdrive-demo.jar" ]]; then
  if [[ -n "${OVERDRIVE_AGENT_JAR:-}" && ! -f "$agent" ]]; then
    echo "OVERDRIVE_AGENT_JAR=$agent does not exist" >&2
    exit 1
  fi
  echo "Building the agent and the demo (mvn install -DskipTests)..."
  mvn -B -q -f "$root/pom.xml" install -DskipTests
fi
echo "Building benchmarks/target/benchmarks.jar..."
mvn -B -q -f "$here/pom.xml" package -DskipTests

# Every fork uses one snapshot of the agent, so a rebuild of agent/ during the run can neither
# break a fork nor mix two builds in one report.
agent="$(snapshot_agent "$agent" "$here/target/overdrive-agent.jar")"
agent_info="$(describe_agent "$agent" "$root")"
out="$(realpath -m "${BENCH_OUT:-$here/results}")" # absolute: the runner works in benchmarks/
mkdir -p "$here/results" "$out"

# Start-up first (a whole run only with every suite, since it measures no suite).
startup_md=""
suites_named=false
for a in "${args[@]}"; do [[ "$a" == -* ]] && break; suites_named=true; done
if [[ "$startup_runs" != 0 && "$suites_named" == false ]]; then
  RUNS="$startup_runs" OVERDRIVE_AGENT_JAR="$agent" "$here/startup.sh"
  startup_md="$here/results/startup.md"
fi

run=("$java" "-Doverdrive.agent.jar=$agent" "-Dbench.out=$out"
  -cp "$here/target/benchmarks.jar" dev.overdrive.benchmarks.BenchRun "${args[@]}")
printf -v shown '%q ' "${run[@]}"
env_shown="${OVERDRIVE_AGENT_JAR:+OVERDRIVE_AGENT_JAR=$OVERDRIVE_AGENT_JAR }${STARTUP_RUNS:+STARTUP_RUNS=$STARTUP_RUNS }${BENCH_OUT:+BENCH_OUT=$BENCH_OUT }"
command="${env_shown}benchmarks/run.sh${args[*]:+ ${args[*]}}, which runs: ${shown% }"

cd "$here"
wait_for_quiet
"$java" "-Dbench.command=$command" "-Dbench.agent=$agent_info" ${startup_md:+"-Dbench.startup=$startup_md"} \
  "${run[@]:1}" 2>&1 | tee "$here/target/bench.log"
echo "Results: $out/latest.md (JMH log: $here/target/bench.log)"
