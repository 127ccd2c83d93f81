#!/usr/bin/env bash
# OpenCL with the state kept on the device for a whole pass, against the old 8-step chunks (one host<->device round
# trip each), side by side in one run: the same tiled render through --backend opencl, alternating
# -Dcellscape.opencl.stepsPerCall unset (the backend's default: a whole pass per call) and =8. Prints each round's
# wall times and their ratio, checks the images are byte-identical, and names the CPU and load.
#   bench/opencl-pass.sh            # 512x512, 3 rounds
#   SIZE=1024 ROUNDS=5 bench/opencl-pass.sh
# Needs an OpenCL device (a CPU one: apt-get install pocl-opencl-icd).
. "$(dirname "$0")/common.sh"
size=${SIZE:-512}; rounds=${ROUNDS:-3}
m=$(model)
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cellscape devices 2>/dev/null | grep -m1 -E '^  [0-9]+:[0-9]+' || true
one() { # label, extra java opts
  local label=$1 t0 t1
  t0=$(date +%s%N)
  env "LD_PRELOAD=$jsig" "CELLSCAPE_JAVA_OPTS=-Xmx${HEAP:-1g} ${2:-}" "$root/cellscape" render --model "$m" --size "$size" \
      --schedule "auto:noise:32, x2:bilinear:32, x2:bilinear:24" --tile 128 --backend opencl --quiet --out "$bench_dir/opencl-$label.tif" 2>/dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
for r in $(seq "$rounds"); do
  a=$(one pass) b=$(one chunk8 -Dcellscape.opencl.stepsPerCall=8)
  echo "round $r: whole pass ${a} ms, 8-step chunks ${b} ms, chunks/pass $(awk "BEGIN{printf \"%.2f\", $b/$a}")"
done
cmp "$bench_dir/opencl-pass.tif" "$bench_dir/opencl-chunk8.tif" && echo "images identical"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
