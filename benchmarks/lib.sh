# Shared by the benchmark scripts (sourced).

# The agent jar the agent module builds (mvn -B install -DskipTests at the root), used when
# OVERDRIVE_AGENT_JAR is not set: the one place the scripts name it.
overdrive_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
default_agent_jar="$overdrive_root/agent/target/overdrive-agent.jar"

# snapshot_agent SOURCE DEST copies the agent jar and checks
# the copy (a complete zip with a Premain-Class), retrying while a concurrent build rewrites it.
# Prints DEST; prints to stderr and returns 1 if no good copy could be made.
snapshot_agent() {
  snapshot_jar "$1" "$2" '^Premain-Class:'
}

# snapshot_jar SOURCE DEST MANIFEST_PATTERN: the same for any jar whose manifest has a line
# matching MANIFEST_PATTERN (the demo: '^Main-Class:').
snapshot_jar() {
  local source="$1" dest="$2" pattern="$3" attempt
  for attempt in 1 2 3 4 5 6; do
    if cp -p "$source" "$dest.tmp" 2>/dev/null && unzip -tqq "$dest.tmp" >/dev/null 2>&1 \
        && unzip -p "$dest.tmp" META-INF/MANIFEST.MF | grep -q "$pattern"; then
      mv "$dest.tmp" "$dest"
      echo "$dest"
      return 0
    fi
    sleep 5
  done
  rm -f "$dest.tmp"
  echo "cannot take a consistent copy of $source (is it being rebuilt?)" >&2
  return 1
}

# describe_agent JAR: one line naming the build measured (size, checksum, time, repository state).
describe_agent() {
  local jar="$1" root="$2" head dirty
  head="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  dirty="$(git -C "$root" status --porcelain -- agent runtime annotations 2>/dev/null | head -1)"
  echo "$(basename "$jar") sha256 $(sha256sum "$jar" | cut -c1-12), $(stat -c %s "$jar") bytes," \
    "built $(date -u -r "$jar" +%FT%TZ); repository at $head${dirty:+ with uncommitted changes in agent/runtime/annotations} when measured"
}

# wait_for_quiet: timings on a shared machine are only worth taking when nothing else runs.
# Waits until the 1-minute load average is below QUIET_LOAD (default 0.5), for at most
# QUIET_WAIT seconds (default 0: no wait, so the scripts' run time stays predictable), then goes
# on regardless; the reports record the load average so that a disturbed run can be recognised.
wait_for_quiet() {
  local limit="${QUIET_LOAD:-0.5}" deadline=$((SECONDS + ${QUIET_WAIT:-0})) load
  [[ -r /proc/loadavg ]] || return 0
  while load="$(cut -d' ' -f1 /proc/loadavg)"; awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l >= m) }'; do
    if ((SECONDS >= deadline)); then
      echo "Load average still $load (>= $limit); measuring anyway, expect disturbed figures." >&2
      return 0
    fi
    echo "Waiting for a quiet machine: load average $load (>= $limit)..." >&2
    sleep 20
  done
}
