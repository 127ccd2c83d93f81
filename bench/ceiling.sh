#!/usr/bin/env bash
# How close the CPU step and the trainer come to this machine's ceiling: in one run, interleaved round by round so
# drift from other load hits both sides alike, it measures
#   - the step: `cellscape bench --backend cpu --family google --size 1024 --steps 4 --runs 9` (MLP GFLOP/s of the
#     median run and of the best: runs of about half a second, like one of sgemm's products),
#   - OpenBLAS sgemm 2048^3 through Debian's python3-numpy (GFLOP/s of the best and the median of 9 products),
#   - a PyTorch CPU step of the same NCA (bench/ceiling.py, Debian's python3-torch),
#   - `cellscape train --bench` and one PyTorch autograd iteration with the same settings and step count,
# and prints the medians and ratios with the CPU model, vector width and load average. Each ratio is taken within a
# round, then the median over rounds: on a shared or virtual machine whose speed drifts by a third within minutes,
# that cancels what a ratio of two medians taken minutes apart does not. The step against sgemm is printed like
# against like (best run against best product, median run against median product) and, strictest, median run
# against best product; the PyTorch step reports its best run.
#
# Usage: bench/ceiling.sh [--isa native|avx2|128] [--rounds N] [--threads N] [--size N]
#   --size      the step's canvas (default 1024; 512 takes a quarter of the time on a busy machine)
#   --isa avx2  emulate an AVX2 machine on an AVX-512 one: the JVM with -XX:UseAVX=2 (256-bit, 16 registers),
#               OpenBLAS with OPENBLAS_CORETYPE=Haswell (its AVX2 kernel), PyTorch with ATEN_CPU_CAPABILITY=avx2
#               and oneDNN capped at AVX2
#   --isa 128   128-bit vectors: the JVM with -XX:MaxVectorSize=16 (FMA, 32 registers on AVX-512 hosts, like NEON),
#               OpenBLAS's SSE kernel (OPENBLAS_CORETYPE=Nehalem, no FMA), PyTorch's default (non-AVX) kernels
# Env: CELLSCAPE_JAVA_OPTS (more JVM flags, added to --isa's), HEAP (1g), PYTHON (/usr/bin/python3: Debian's),
#      JAR (measure this cellscape.jar, e.g. an older build, instead of the launcher's).
# Needs: apt-get install python3-numpy python3-torch libopenblas0-pthread
isa=native rounds=3 threads=$(nproc) size=1024
set -euo pipefail
while [ $# -gt 0 ]; do
  case $1 in
    --isa) isa=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    *) echo "ceiling.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
py=${PYTHON:-/usr/bin/python3}
"$py" -c "import numpy, torch" 2>/dev/null || {
  echo "ceiling.sh: $py cannot import numpy and torch; apt-get install python3-numpy python3-torch libopenblas0-pthread" >&2; exit 1; }

case $isa in
  native) jvm="" peer_env=() ;;
  avx2) jvm="-XX:UseAVX=2" peer_env=(OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2) ;;
  128) jvm="-XX:MaxVectorSize=16" peer_env=(OPENBLAS_CORETYPE=Nehalem ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 DNNL_MAX_CPU_ISA=SSE41) ;;
  *) echo "ceiling.sh: --isa must be native, avx2 or 128, got '$isa'" >&2; exit 2 ;;
esac
EXTRA_JAVA_OPTS="$jvm ${CELLSCAPE_JAVA_OPTS:-}"
. "$(dirname "$0")/common.sh" # its CMD passes EXTRA_JAVA_OPTS to the JVM
peer() { env "${peer_env[@]}" OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" "$py" "$root/bench/ceiling.py" "$@" 2>/dev/null; }
# The machine's sgemm: on native runs the better of OpenBLAS's own kernel and its AVX2 one (in a VM its AVX-512 kernel
# was seen at a third of the AVX2 one's speed, which would flatter the step's ratio).
# Prints "best median" (GFLOP/s of the best and the median of 9 products).
sgemm() {
  local a b
  a=$(peer sgemm "$threads")
  [ "$isa" = native ] || { echo "$(echo "$a" | field sgemm_gflops) $(echo "$a" | field sgemm_median_gflops)"; return; }
  b=$(OPENBLAS_CORETYPE=Haswell peer sgemm "$threads")
  awk -v a="$(echo "$a" | field sgemm_gflops)" -v am="$(echo "$a" | field sgemm_median_gflops)" \
      -v b="$(echo "$b" | field sgemm_gflops)" -v bm="$(echo "$b" | field sgemm_median_gflops)" \
      'BEGIN { if (a > b) print a, am; else print b, bm }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
field() { sed -n "s|.*$1 *\([0-9.]*\).*|\1|p" | head -n 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

simd=$(grep -m1 '^flags' /proc/cpuinfo | grep -ow 'avx512f\|avx2\|fma\|asimd' | tr '\n' ' ' || true)
echo "ceiling: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, has ${simd:-?}; isa $isa" \
  "(JVM flags: ${EXTRA_JAVA_OPTS:- } ; peers: ${peer_env[*]:-defaults}), $threads threads, $rounds rounds"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
gf=() gb=() sg=() sm=() ts=() cs=() jt=() pt=() rs=() rb=() rm=() rp=() rt=() backend=""
for r in $(seq "$rounds"); do
  out=$(cellscape bench --backend cpu --family google --size "$size" --threads "$threads" --steps 4 --runs 9 2>/dev/null)
  backend=$(echo "$out" | sed -n 's/^backend *//p')
  gf+=("$(echo "$out" | field 'MLP GFLOP/s')") cs+=("$(echo "$out" | field 'cell-upd/s')")
  best=$(echo "$out" | sed -n 's/^cell-upd.*max \([0-9.]*\)M.*/\1/p')
  gb+=("$(awk -v g="${gf[-1]}" -v c="${cs[-1]}" -v b="$best" 'BEGIN { printf "%.1f", g * b / c }')")
  read -r sgb sgm < <(sgemm)
  sg+=("$sgb") sm+=("$sgm")
  ts+=("$(peer step "$threads" 256 | field torch_step_mcells)")
  out=$(cellscape train --bench --iterations 3 --threads "$threads" 2>/dev/null)
  jt+=("$(echo "$out" | field 'train bench:')")
  avg=$(echo "$out" | sed -n 's/.*, \([0-9.]*\) steps on average.*/\1/p')
  pt+=("$(peer train "$threads" "$(printf '%.0f' "$avg")" | field torch_train_s)")
  rs+=("$(ratio "${gf[-1]}" "${sg[-1]}")") rb+=("$(ratio "${gb[-1]}" "${sg[-1]}")") rm+=("$(ratio "${gf[-1]}" "${sm[-1]}")")
  rp+=("$(ratio "${cs[-1]}" "${ts[-1]}")") rt+=("$(ratio "${pt[-1]}" "${jt[-1]}")")
  echo "round $r: step ${cs[-1]} M/s, MLP ${gf[-1]} GFLOP/s (best run ${gb[-1]}) | sgemm ${sg[-1]} GFLOP/s (median product ${sm[-1]}) | torch step ${ts[-1]} M/s |" \
    "train ${jt[-1]} s/iter ($avg steps) | torch train ${pt[-1]} s/iter | load $(cut -d' ' -f1 /proc/loadavg)"
done
RS=$(median "${rs[@]}") RB=$(median "${rb[@]}") RM=$(median "${rm[@]}") SM=$(median "${sm[@]}") RP=$(median "${rp[@]}") RT=$(median "${rt[@]}") GB=$(median "${gb[@]}")
G=$(median "${gf[@]}") S=$(median "${sg[@]}") C=$(median "${cs[@]}") T=$(median "${ts[@]}") J=$(median "${jt[@]}") P=$(median "${pt[@]}")
echo "---- ceiling.sh results (medians of $rounds rounds), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  backend            $backend"
awk -v isa="$isa" -v g="$G" -v gb="$GB" -v s="$S" -v c="$C" -v t="$T" -v j="$J" -v p="$P" -v rs="$RS" -v rb="$RB" -v rm="$RM" -v sm="$SM" -v rp="$RP" -v rt="$RT" 'BEGIN {
  printf "  step               %.2f M cell-updates/s, MLP %.1f GFLOP/s (median run; best run %.1f)\n", c, g, gb
  printf "  sgemm 2048^3       %.1f GFLOP/s best of 9 products, %.1f median (numpy, OpenBLAS%s)\n", s, sm, isa == "native" ? "; the faster of its own and its AVX2 kernel" : ""
  printf "  step / sgemm       %.0f %% best run against sgemm best, %.0f %% median run against sgemm median   (target >= 60 %%)\n", 100 * rb, 100 * rm
  printf "                     (%.0f %% median run against sgemm best, the strictest reading)\n", 100 * rs
  printf "  step / PyTorch     %.1fx   (PyTorch CPU step %.2f M cell-updates/s, best of 3)\n", rp, t
  printf "  training           %.3f s/iteration; PyTorch autograd %.3f s: %.2fx   (target >= 2.5x)\n", j, p, rt
  printf "  (ratios: the median over rounds of each round'"'"'s ratio, so drift between rounds cancels; figures: medians)\n"
}'
