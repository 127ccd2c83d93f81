#!/usr/bin/env bash
# Regenerates the shipped exemplars and retrains every shipped model, one after the other.
# Usage: presets/models/train-all.sh [CLASSPATH]   (from the repository root, after `mvn -q package -DskipTests`)
# The exemplars are deterministic (size 128, seed 1); training is deterministic for a given seed, whatever the thread
# count (docs/training.md).
set -euo pipefail
CP=${1:-target/cellscape.jar}
JAVA=${JAVA:-java}
run() { "$JAVA" --add-modules jdk.incubator.vector -cp "$CP" "$@"; }
run org.cellscape.train.exemplars.Exemplars presets/models/exemplars 128 1
# marble and cracks: today's defaults (2000 iterations, samples grown from noise(0.1)), chosen on the photo benchmark;
# the others as they were first trained (800 iterations from zeros).
for name in ${MODELS:-spots stripes coral marble cells cracks scales lichen}; do
  case $name in
    marble|cracks) how=(--iterations ${ITERATIONS:-2000}) ;;
    *) how=(--iterations ${ITERATIONS:-800} --seed-noise 0) ;;
  esac
  run org.cellscape.cli.Main train --image presets/models/exemplars/$name.png --out presets/models/$name.safetensors \
      --run-dir runs/$name "${how[@]}" --size ${SIZE:-64} --seed 1 --snapshot-every 50
done
# Multi-rule models: one rule (control input) per exemplar, a quarter of the samples split between two rules.
# Both were shortened part-way (planned for 500 iterations, resumed with fewer on a loaded machine): the two
# commands each reproduce that exactly (a resumed run computes what an uninterrupted one would).
if [ -z "${MODELS:-}" ] || [ -n "${MULTI:-}" ]; then
  duet="--image presets/models/exemplars/coral.png --image presets/models/exemplars/lichen.png --rule-names coral,lichen"
  island="--image presets/models/exemplars/stripes.png --image presets/models/exemplars/cracks.png --image presets/models/exemplars/cells.png --rule-names sea,shore,land"
  run org.cellscape.cli.Main train $duet --out presets/models/duet.safetensors --run-dir runs/duet --seed 1 --snapshot-every 50 --iterations 500 --stop-after 150 --seed-noise 0
  run org.cellscape.cli.Main train $duet --out presets/models/duet.safetensors --run-dir runs/duet --seed 1 --snapshot-every 50 --iterations 300 --resume --seed-noise 0
  run org.cellscape.cli.Main train $island --out presets/models/island.safetensors --run-dir runs/island --seed 1 --snapshot-every 50 --iterations 500 --stop-after 100 --seed-noise 0
  run org.cellscape.cli.Main train $island --out presets/models/island.safetensors --run-dir runs/island --seed 1 --snapshot-every 50 --iterations 250 --resume --seed-noise 0
fi
