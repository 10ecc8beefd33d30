#!/usr/bin/env bash
# Builds the stress program (and copies the agent next to it), runs it under the agent for
# STRESS_DURATION (default 30s; or the first argument), prints its summary, and exits non-zero
# when a check fails, when the JVM does not exit on its own within STRESS_EXIT_LIMIT_MS
# (default 5000) of main returning, or when it hangs.
#
#   stress/run.sh            # 30 s
#   stress/run.sh 2m         # or STRESS_DURATION=2m stress/run.sh
#   STRESS_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java stress/run.sh
#
# Extra JVM options go in STRESS_OPTS (e.g. "-Dstress.threads=32 -Dstress.loadMicros=500").
set -euo pipefail
cd "$(dirname "$0")"

DURATION="${1:-${STRESS_DURATION:-30s}}"
JAVA="${STRESS_JAVA:-java}"
EXIT_LIMIT_MS="${STRESS_EXIT_LIMIT_MS:-5000}"

# The build (the agent and this module, from the root's reactor) copies the agent jar Maven
# resolves to target/overdrive-agent.jar. A copy taken while another build rewrites the agent
# is not a valid jar: wait and copy again.
BUILD_LOG=$(mktemp)
OUT=$(mktemp)
trap 'rm -f "$OUT" "$BUILD_LOG"' EXIT
for attempt in 1 2 3 4 5 6; do
  if ! mvn -B -f ../pom.xml package -DskipTests -pl stress -am >"$BUILD_LOG" 2>&1; then
    cat "$BUILD_LOG" >&2
    echo "run.sh: the build failed" >&2
    exit 2
  fi
  if unzip -tqq target/overdrive-agent.jar >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" = 6 ]; then
    echo "run.sh: target/overdrive-agent.jar is not a valid jar after $attempt copies" >&2
    exit 2
  fi
  echo "run.sh: the agent jar was being rewritten; copying it again in 5 s" >&2
  rm -f target/overdrive-agent.jar
  sleep 5
done

CP="target/classes:$(ls target/lib/*.jar | tr '\n' ':')"
case "$DURATION" in
  *ms) RUN_SECONDS=$(( ${DURATION%ms} / 1000 + 1 )) ;;
  *s) RUN_SECONDS=${DURATION%s} ;;
  *m) RUN_SECONDS=$(( ${DURATION%m} * 60 )) ;;
  *) RUN_SECONDS=$DURATION ;;
esac
# The run, plus up to 30 s for callers to stop, 30 s for futures, 10 s for threads, and slack.
SECONDS_BUDGET=$(( RUN_SECONDS + 180 ))

"$JAVA" -version 2>&1 | head -1
set +e
# shellcheck disable=SC2086
timeout --kill-after=10 "$SECONDS_BUDGET" "$JAVA" -javaagent:target/overdrive-agent.jar \
  -Dstress.duration="$DURATION" ${STRESS_OPTS:-} -cp "$CP" dev.overdrive.stress.StressMain \
  2>&1 | tee "$OUT"
STATUS=${PIPESTATUS[0]}
set -e
EXITED=$(date +%s%3N)

if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
  echo "run.sh: FAIL: the stress JVM was still running after ${SECONDS_BUDGET}s and was killed" >&2
  exit 1
fi
if [ "$STATUS" != 0 ]; then
  echo "run.sh: FAIL: the stress JVM exited with status $STATUS" >&2
  exit 1
fi
RETURNED=$(sed -n 's/^STRESS main returns at epochMillis=\([0-9]*\).*/\1/p' "$OUT" | tail -1)
if [ -z "$RETURNED" ]; then
  echo "run.sh: FAIL: main never reported returning" >&2
  exit 1
fi
DELAY=$(( EXITED - RETURNED ))
if grep -q '^\[overdrive\] \(WARN\|ERROR\)' "$OUT"; then
  echo "run.sh: FAIL: Overdrive reported a problem (see [overdrive] lines above)" >&2
  exit 1
fi
if [ "$DELAY" -gt "$EXIT_LIMIT_MS" ]; then
  echo "run.sh: FAIL: the JVM took ${DELAY} ms to exit after main returned (limit ${EXIT_LIMIT_MS} ms)" >&2
  exit 1
fi
echo "run.sh: PASS: the JVM exited on its own ${DELAY} ms after main returned"
