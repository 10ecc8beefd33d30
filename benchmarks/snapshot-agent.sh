# Sourced by the benchmark scripts. snapshot_agent SOURCE DEST copies the agent jar and checks
# the copy (a complete zip with a Premain-Class), retrying while a concurrent build rewrites it.
# Prints DEST; prints to stderr and returns 1 if no good copy could be made.
snapshot_agent() {
  local source="$1" dest="$2" attempt
  for attempt in 1 2 3 4 5 6; do
    if cp -p "$source" "$dest.tmp" 2>/dev/null && unzip -tqq "$dest.tmp" >/dev/null 2>&1 \
        && unzip -p "$dest.tmp" META-INF/MANIFEST.MF | grep -q '^Premain-Class:'; then
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
    "built $(date -u -r "$jar" +%FT%TZ) from commit $head${dirty:+ with uncommitted changes in agent/runtime/annotations}"
}
