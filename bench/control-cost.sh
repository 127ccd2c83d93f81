#!/usr/bin/env bash
# What control maps cost on the step: `bench --rules 3` (the plain 12/96 model and the same weights with 3 rules
# and a painted map, alternating on one backend), ROUNDS times. With BASELINE_JAR=path/to/older/cellscape.jar it
# also times the plain step (R = 0) of that build and of this one alternately, to show a model without rules
# kept its speed. Quote the figures with the CPU, vector width and load average they print.
# Usage: bench/control-cost.sh [ROUNDS]   (env: SIZE=512 THREADS=2 BACKEND=cpu RUNS=5 BASELINE_JAR=)
. "$(dirname "$0")/common.sh"
rounds=${1:-3} size=${SIZE:-512} threads=${THREADS:-2} backend=${BACKEND:-cpu} runs=${RUNS:-5}
for i in $(seq "$rounds"); do
  echo "== round $i: control inputs"
  cellscape bench --rules 3 --size "$size" --threads "$threads" --backend "$backend" --runs "$runs" | grep -E "backend|cpu |plain|control|overhead|load"
  if [ -n "${BASELINE_JAR:-}" ]; then
    for which in baseline this; do
      if [ "$which" = baseline ]; then
        out=$(env "LD_PRELOAD=$jsig" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
          "-Xmx${HEAP:-1g}" -jar "$BASELINE_JAR" bench --size "$size" --threads "$threads" --backend "$backend" --runs "$runs")
      else
        out=$(cellscape bench --size "$size" --threads "$threads" --backend "$backend" --runs "$runs")
      fi
      echo "$out" | grep -E "cell-upd/s|load" | sed "s/^/  R=0 $which: /"
    done
  fi
done
