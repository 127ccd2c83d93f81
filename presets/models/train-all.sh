#!/usr/bin/env bash
# Regenerates the shipped exemplars and retrains every shipped model, one after the other.
# Usage: presets/models/train-all.sh [CLASSPATH]   (from the repository root, after `mvn -q package -DskipTests`)
# The exemplars are deterministic (size 128, seed 1); training is deterministic for a given seed and thread count
# up to float summation order across threads (see docs/training.md).
set -euo pipefail
CP=${1:-target/cellscape.jar}
JAVA=${JAVA:-java}
run() { "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" "$@"; }
run org.cellscape.train.exemplars.Exemplars presets/models/exemplars 128 1
for name in ${MODELS:-spots stripes coral marble cells cracks scales lichen}; do
  run org.cellscape.cli.Main train --image presets/models/exemplars/$name.png --out presets/models/$name.safetensors \
      --run-dir runs/$name --iterations ${ITERATIONS:-800} --size ${SIZE:-64} --seed 1 --snapshot-every 50
done
