#!/usr/bin/env bash
# Who deflates a cluster render's TIFF or PNG (docs/distributed.md): an A/B of two builds on one standalone Spark
# cluster on loopback (2 workers of 1 core), a SIZE² image (12/96 model, the default schedule), in interleaved
# rounds. Prints each run's wall time and the driver's CPU seconds (user + system of the driver JVM alone; the
# executors are the workers' children); every file must equal the first byte for byte (checked).
# Env: A=DIR, B=DIR (built trees: ./mvnw -B -DskipTests package; B defaults to this one), ROUNDS (3), SIZE (4096),
# FORMAT (tif or png; tif), MODEL, HEAP (2g).
HEAP=${HEAP:-2g}
. "$(dirname "$0")/common.sh"
A=${A:?give A=DIR, a built tree of the build to compare with}
B=${B:-$root}
SIZE=${SIZE:-4096}
ROUNDS=${ROUNDS:-3}
FORMAT=${FORMAT:-tif}
m=$(model)
work="$bench_dir/spark-encode"
rm -rf "$work"; mkdir -p "$work"

# The libraries for the daemons (Spark's and the ones it shares with the CLI, the same in both builds); each run
# puts its build's own jars first on its executors' class path.
home="$work/spark-home"; mkdir -p "$home/jars"
ln -s "$B"/target/spark-lib/*.jar "$B"/target/lib/*.jar "$home/jars/"
port=$(( 20000 + RANDOM % 20000 ))
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
daemon() { SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 "$JAVA_HOME/bin/java" -Xmx256m -cp "$home/jars/*" "$@" >"$work/$1-$RANDOM.log" 2>&1 & pids+=($!); }
alive() { curl -s "http://127.0.0.1:$((port + 1))/json/" | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$'; }
daemon org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port $((port + 1))
for w in 1 2; do
  daemon org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1200m --webui-port 0 --work-dir "$work/w$w" "spark://127.0.0.1:$port"
  for _ in $(seq 120); do [ "$(alive)" = "$w" ] && break; sleep 0.5; done
  [ "$(alive)" = "$w" ] || { echo "worker $w did not join" >&2; exit 1; }
done

# run NAME TREE: one render with that build as driver and executors; appends "NAME wall cpu load" to the results
run() {
  local name=$1 tree=$2 out="$work/$1-$3.$FORMAT"
  local cp="$tree/target/cellscape.jar:$tree/target/lib/*:$tree/target/cellscape-spark.jar"
  CELLSCAPE_JAVA_OPTS="-Xmx$HEAP -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.extraClassPath=$cp" \
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$tree/cellscape" render --model "$m" --size "$SIZE" --backend cpu --quiet \
    --scratch "$work" --out "$out" --spark "spark://127.0.0.1:$port" >/dev/null
  read -r wall user sys <"$work/time"
  [ -f "$work/first.$FORMAT" ] || cp "$out" "$work/first.$FORMAT"
  cmp "$work/first.$FORMAT" "$out"
  rm -f "$out"
  echo "$name $wall $(echo "$user + $sys" | bc) $(cut -d' ' -f1 /proc/loadavg)" >>"$work/results"
}
"$A/cellscape" --version >/dev/null; "$B/cellscape" --version >/dev/null # builds stale jars outside the timings
for i in $(seq "$ROUNDS"); do run A "$A" "$i"; run B "$B" "$i"; done

echo "---- $(basename "$0"): ${SIZE}x${SIZE} $FORMAT, $(basename "$m"), standalone cluster of 2 workers x 1 core, on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "  vector width: $(cellscape devices 2>/dev/null | grep -o 'Vector API, [0-9]*-bit' | head -n 1)"
echo "  A = $A, B = $B"
echo "  run  wall s  driver CPU s  load (1 min)"
awk '{printf "  %s   %6.1f  %12.1f  %s\n", $1, $2, $3, $4}' "$work/results"
awk '{w[$1] += $2; c[$1] += $3; n[$1]++} END {
  printf "  mean: A wall %.1f s, driver CPU %.1f s; B wall %.1f s, driver CPU %.1f s\n", w["A"]/n["A"], c["A"]/n["A"], w["B"]/n["B"], c["B"]/n["B"]
  printf "  B/A: wall %.2f, driver CPU %.2f\n", (w["B"]/n["B"]) / (w["A"]/n["A"]), (c["B"]/n["B"]) / (c["A"]/n["A"]) }' "$work/results"
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  all outputs byte-identical"
