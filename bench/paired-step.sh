#!/usr/bin/env bash
# Two builds of the CPU step in one JVM, alternated round by round (bench/PairedStep.java): the way to tell a few
# per cent apart on a machine whose speed drifts. Prints each build's median and best run, the median of the
# per-round ratios to the first build, whether their states agree, and the CPU and load.
#   bench/paired-step.sh OLD.jar [NEW.jar]            # NEW defaults to target/cellscape.jar
# Env: THREADS (1), ROUNDS (60), SIZE (1024x64), CELLS (cells a run, 300000), EXTRA_JAVA_OPTS (e.g. -XX:UseAVX=2
# to emulate AVX2, -XX:MaxVectorSize=16 for 128-bit vectors), HEAP (1g).
# An older build for OLD: git worktree add /tmp/old REV && (cd /tmp/old && mvn -B -q -DskipTests package).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.mvn/find-jdk.sh"
[ $# -ge 1 ] || { echo "usage: bench/paired-step.sh OLD.jar [NEW.jar ...]" >&2; exit 2; }
jars=("$@")
[ $# -ge 2 ] || jars+=("$root/target/cellscape.jar")
for j in "${jars[@]}"; do [ -f "$j" ] || { echo "paired-step.sh: no such jar: $j" >&2; exit 1; }; done
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector "-Xmx${HEAP:-1g}" ${EXTRA_JAVA_OPTS:-} "$root/bench/PairedStep.java" \
  "${THREADS:-1}" "${ROUNDS:-60}" "${SIZE:-1024x64}" "${CELLS:-300000}" "${jars[@]}" 2>&1 | grep -v "^WARNING: Using incubator"
