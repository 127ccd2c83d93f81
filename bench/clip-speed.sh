#!/usr/bin/env bash
# Seconds per CLIP-guided training iteration spent in CLIP at the real shapes: ViT-B/32 with random weights (made
# at start, no checkpoint needed), batch 4, 4 crops each, forward and input gradient, with the breakdown and the
# machine's CPU, vector width and load. Arguments: [BATCH CROPS SIZE ROUNDS]. The NCA's own share of an iteration
# is bench/train-bench.sh's figure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/.mvn/find-jdk.sh"
[ -f "$root/target/cellscape.jar" ] || { echo "no target/cellscape.jar: build first (./mvnw -B -DskipTests package)" >&2; exit 1; }
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector "-Xmx${HEAP:-4g}" ${EXTRA_JAVA_OPTS:-} -cp "$root/target/cellscape.jar" \
  "$root/bench/ClipSpeed.java" "$@" 2>&1 | grep -v "^WARNING: Using incubator"
