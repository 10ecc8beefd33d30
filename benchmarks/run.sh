#!/usr/bin/env bash
# The one command: runs every suite (or those named) and the start-up script, and writes
# results/latest.md with an SVG chart per suite. Each suite runs in 5 rounds (one fork of every
# benchmark per round, so variants alternate in time): about 50 minutes on a quiet 2-core machine.
#
#   benchmarks/run.sh                      # everything
#   benchmarks/run.sh cache-hit batched    # some suites (ids: see results/latest.md or BenchRun)
#   benchmarks/run.sh queue -f 9           # -f N: rounds; other JMH options override the suites' defaults
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

if [[ -n "${OVERDRIVE_AGENT_JAR:-}" && ! -f "$agent" ]]; then
  echo "OVERDRIVE_AGENT_JAR=$agent does not exist" >&2
  exit 1
fi
# Start-up runs only with every suite (it measures no suite), and needs the demo.
suites_named=false
for a in "${args[@]}"; do [[ "$a" == -* ]] && break; suites_named=true; done
startup=false
[[ "$startup_runs" != 0 && "$suites_named" == false ]] && startup=true
# Built in this checkout's reactor, never installed: ~/.m2 stays as it was. The benchmarks
# module brings the runtime it measures and the agent (-am); the demo only when start-up runs.
modules=benchmarks
[[ "$startup" == true && ! -f "$root/demo-app/target/overdrive-demo.jar" ]] && modules+=",demo-app"
echo "Building benchmarks/target/benchmarks.jar and what it needs (mvn package -pl $modules -am)..."
mvn -B -q -f "$root/pom.xml" package -DskipTests -pl "$modules" -am

# Every fork uses one snapshot of the agent, so a rebuild of agent/ during the run can neither
# break a fork nor mix two builds in one report.
agent="$(snapshot_agent "$agent" "$here/target/overdrive-agent.jar")"
agent_info="$(describe_agent "$agent" "$root")"
out="$(realpath -m "${BENCH_OUT:-$here/results}")" # absolute: the runner works in benchmarks/
mkdir -p "$out"

# Start-up first.
startup_md=""
if [[ "$startup" == true ]]; then
  BENCH_OUT="$out" RUNS="$startup_runs" OVERDRIVE_AGENT_JAR="$agent" "$here/startup.sh"
  startup_md="$out/startup.md"
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
