#!/usr/bin/env bash
# What the scratch checksums cost: the same tiled render with the checks on and off (-Dcellscape.checksums=off,
# a switch for this measurement only), interleaved so that a shared machine's load hits both alike. Prints each
# run, the medians and the cost in percent of the render time, and checks both give the same bytes.
# Usage: bench/checksum-cost.sh [ROUNDS]   (env: SIZE=1024x1024 TILE=256 BACKEND=cpu MODEL=... HEAP=1g)
. "$(dirname "$0")/common.sh"
rounds=${1:-3}
size=${SIZE:-1024x1024} tile=${TILE:-256} backend=${BACKEND:-cpu}
m=$(model)
work="$bench_dir/checksum-cost"
rm -rf "$work"; mkdir -p "$work"

off=()
for a in "${CMD[@]}"; do
  case $a in
    CELLSCAPE_JAVA_OPTS=*) off+=("$a -Dcellscape.checksums=off") ;;
    -Xmx*) off+=("$a" -Dcellscape.checksums=off) ;;
    *) off+=("$a") ;;
  esac
done

# run on|off N: one render, its wall seconds appended to $work/on or $work/off
run() {
  local mode=$1 n=$2 out="$work/$1-$2.tif" t0 t1
  local -a cmd=("${CMD[@]}"); [ "$mode" = off ] && cmd=("${off[@]}")
  t0=$(date +%s.%N)
  "${cmd[@]}" render --model "$m" --size "$size" --tile "$tile" --backend "$backend" --seed 7 --quiet \
    --out "$out" --scratch "$work" 2>>"$work/log"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' | tee -a "$work/$mode" | sed "s/^/  $mode run $n: /; s/$/ s/"
}

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "vector width: $(cellscape devices 2>/dev/null | grep -o 'Vector API, [0-9]*-bit' | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "render: $size, tile $tile, backend $backend, model $(basename "$m"), $rounds rounds"
run on 0 >/dev/null; rm -f "$work/on" # warm the page cache and the launcher
for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) = 1 ]; then run on "$i"; run off "$i"; else run off "$i"; run on "$i"; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
on=$(median "$work/on") offm=$(median "$work/off")
awk -v a="$on" -v b="$offm" 'BEGIN { printf "median with checks %.2f s, without %.2f s: checks cost %+.1f %% of the render\n", a, b, (a / b - 1) * 100 }'
# The checks' own work, apart from the noise of whole renders: each stored byte is checksummed about twice
# (when written, and when the next pass checks its source; the RGB cache when written and before it is encoded).
"$JAVA_HOME/bin/java" "$root/bench/Crc32cSpeed.java"
same=$(sha256sum "$work"/on-*.tif "$work"/off-*.tif | cut -d' ' -f1 | sort -u | wc -l)
[ "$same" = 1 ] && echo "all $((2 * rounds + 1)) images byte-identical" || { echo "images differ between runs" >&2; exit 1; }
