#!/usr/bin/env bash
# Cluster overhead and layout scaling (docs/distributed.md): a 4096² render (12/96 model, the default schedule)
#   1. plain local render (cpu backend, all cores)   vs   2. --spark local[N] (N = cores, one task a core)
#   3. a standalone Spark cluster on loopback with 1 worker   vs   4. the same with 2 workers (1 core each)
# On one 2-core machine 3 vs 4 shows how the task layout scales, not more hardware. Every output must equal the
# local one byte for byte (checked). Env: SIZE (4096), MODEL, HEAP (2g). Build first: ./mvnw -B -DskipTests package
HEAP=${HEAP:-2g}
. "$(dirname "$0")/common.sh"
SIZE=${SIZE:-4096}
m=$(model)
cores=$(nproc)
work="$bench_dir/spark"
rm -rf "$work"; mkdir -p "$work"
export CELLSCAPE_JAVA_OPTS="-Xmx$HEAP -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1"
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
render() { cellscape render --model "$m" --size "$SIZE" --backend cpu --quiet --scratch "$work" "$@"; }

# A standalone cluster from the build's jars: SPARK_HOME/jars holds them all, so executors get the same class path.
home="$work/spark-home"; mkdir -p "$home/jars"
ln -s "$root"/target/spark-lib/*.jar "$root"/target/lib/*.jar "$root"/target/cellscape.jar "$root"/target/cellscape-spark.jar "$home/jars/"
port=$(( 20000 + RANDOM % 20000 ))
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
daemon() { SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 "$JAVA_HOME/bin/java" -Xmx256m -cp "$home/jars/*" "$@" >"$work/$1-$RANDOM.log" 2>&1 & pids+=($!); }
alive() { curl -s "http://127.0.0.1:$((port + 1))/json/" | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$'; }
worker() {
  daemon org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1200m --webui-port 0 --work-dir "$work/w$1" "spark://127.0.0.1:$port"
  for _ in $(seq 120); do [ "$(alive)" = "$1" ] && return; sleep 0.5; done; echo "worker $1 did not join" >&2; exit 1
}
daemon org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port $((port + 1))

cellscape --version >/dev/null # builds the jars first if sources changed, outside the timings
t_local=$(secs render --out "$work/local.tif")
t_spark=$(secs render --out "$work/spark.tif" --spark "local[$cores]")
cmp "$work/local.tif" "$work/spark.tif"
worker 1
t_w1=$(secs render --out "$work/w1.tif" --spark "spark://127.0.0.1:$port")
cmp "$work/local.tif" "$work/w1.tif"
worker 2
t_w2=$(secs render --out "$work/w2.tif" --spark "spark://127.0.0.1:$port")
cmp "$work/local.tif" "$work/w2.tif"

echo "---- $(basename "$0"): ${SIZE}x${SIZE}, $(basename "$m"), on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $cores cores"
echo "  vector width: $(cellscape devices 2>/dev/null | grep -o 'Vector API, [0-9]*-bit' | head -n 1)"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  local render             %7.1f s\n' "$t_local"
printf '  --spark local[%d]         %7.1f s  (%+.0f%% vs local)\n' "$cores" "$t_spark" "$(echo "($t_spark / $t_local - 1) * 100" | bc -l)"
printf '  standalone, 1 worker     %7.1f s\n' "$t_w1"
printf '  standalone, 2 workers    %7.1f s  (%.2fx the 1-worker speed)\n' "$t_w2" "$(echo "$t_w1 / $t_w2" | bc -l)"
echo "  all outputs byte-identical to the local render"
