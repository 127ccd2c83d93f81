#!/usr/bin/env bash
# Where a poster-size render's time goes, beside the step's own speed measured in the same run: `cellscape bench`
# (same model, threads, 1024^2 torus) just before and just after one render, then the render's end-to-end
# cell-updates/s (stepped, halos included, and useful), their ratio to bench (target >= 85 %) and the render's
# per-phase breakdown (docs/cpu-backend.md, "Where a render's time goes").
#   bench/phases.sh                 # 4096x4096 16-bit TIFF, the presets' deep schedule
#   bench/phases.sh --a0            # A0 at 300 dpi: 9933x14043
#   bench/phases.sh --size 2048     # a quicker look at the same pipeline
# Options: --size N|WxH, --a0, --threads N (default: all cores), --runs N (bench's timed runs, default 5)
# Env: MODEL (a .safetensors; default Google's "dots", 12/96), HEAP (1g), SCRATCH (beside the output),
#      EXTRA (more render options), EXTRA_JAVA_OPTS (JVM flags for both, e.g. -XX:UseAVX=2), PYTHON (python3),
#      JAR (measure this cellscape.jar instead of the launcher's: an older build copied into target/, beside lib/)
HEAP=${HEAP:-1g}
size=4096x4096 threads=$(nproc) runs=5 job=()
set -euo pipefail
while [ $# -gt 0 ]; do
  case $1 in
    --a0) size=A0 job=(--print A0 --dpi 300); shift ;;
    --size) size=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "phases.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ ${#job[@]} -gt 0 ] || job=(--size "$size")
. "$(dirname "$0")/common.sh"
py=${PYTHON:-python3}
m=$(model)
out="$bench_dir/phases-$size.tif" log="$bench_dir/phases-$size.progress" summary="$bench_dir/phases-$size.out"
scratch=${SCRATCH:-$bench_dir}
median_of() { "$py" -c 'import json, sys; print(json.load(sys.stdin)["cellUpdatesPerSecond"]["median"])'; }
bench() { cellscape bench --model "$m" --backend cpu --threads "$threads" --size 1024 --runs "$runs" --json 2>/dev/null | median_of; }

simd=$(grep -m1 '^flags' /proc/cpuinfo | grep -ow 'avx512f\|avx2\|fma\|asimd' | tr '\n' ' ' || true)
echo "phases${JAR:+ of $JAR}: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, has ${simd:-?};" \
  "JVM flags: ${EXTRA_JAVA_OPTS:-none}; model $(basename "$m"), $threads threads, render ${job[*]}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(bench)
echo "bench before: $before cell-updates/s, load $(cut -d' ' -f1 /proc/loadavg)"
rm -f "$out"
measure "$out" "$scratch" -- --model "$m" "${job[@]}" --backend cpu --threads "$threads" --progress json ${EXTRA:-} \
  2>"$log" | tee "$summary"
after=$(bench)
echo "bench after:  $after cell-updates/s, load $(cut -d' ' -f1 /proc/loadavg)"
tail -n 1 "$log" | "$py" -c '
import json, sys
before, after = float(sys.argv[1]), float(sys.argv[2])
e = json.loads(sys.stdin.read())
t, c = e["time"], e["cellUpdates"]
wall, bench = t["wallSeconds"], (before + after) / 2
stepped, useful = c["stepped"] / wall, c["useful"] / wall
print("---- phases.sh figures (load average at end: %s)" % open("/proc/loadavg").read().split()[0])
print("  bench (mean of before/after)   %.2f M cell-updates/s" % (bench / 1e6))
print("  render, stepped (with halos)   %.2f M/s = %.0f %% of bench" % (stepped / 1e6, 100 * stepped / bench))
print("  render, useful                 %.2f M/s = %.0f %% of bench   (target >= 85 %%)" % (useful / 1e6, 100 * useful / bench))
print("  inside the steps               %.2f M/s = %.0f %% of bench" % (c["stepped"] / t["stepWallSeconds"] / 1e6,
      100 * c["stepped"] / t["stepWallSeconds"] / bench))
total = t["threads"] * wall
print("  thread-seconds (%d threads x %.1f s = %.1f):" % (t["threads"], wall, total))
for k, v in t["threadSeconds"].items(): print("    %-12s %8.1f  %5.1f %%" % (k, v, 100 * v / total))
for k, v in t["prefetchSeconds"].items(): print("    %-12s %8.1f  %5.1f %%  (prefetch thread, beside the above)" % (k, v, 100 * v / total))
' "$before" "$after"
