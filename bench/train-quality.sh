#!/usr/bin/env bash
# The training-quality benchmark: trains a model on each photo texture of the benchmark set, renders it at 1x
# (128x128 from noise(0.1), 1024 steps, seeds 1-3) and in the default fractal schedule (512x512), and prints, per texture and
# per column (a label: "before", "after", ...), the trainer's loss-based score and the independent structure
# distance (train.StructureMeasure; lower is better), and writes a side-by-side sheet (small JPEG).
#
#   bench/train-quality.sh [--dir DIR] [--label NAME] [--textures a,b,...] [--compare L1,L2,...] [-- TRAIN OPTIONS]
#
# The textures are GIMP's patterns from Debian's gimp-data package (GPL-3+: used by path, never committed):
# apt-get install gimp-data. A model already in DIR/LABEL is reused, so a column can be built in several sittings
# and the sheet redrawn (--compare before,after: only the report). Training time per model is printed (wall clock,
# from /usr/bin/time) with the load average: on a busy machine the minutes are only as good as the load is low.
source "$(dirname "$0")/common.sh"

dir=$bench_dir/train-quality label=after compare="" train_opts=()
textures=stone33,brick,rock,pink_marble,cracked,bark,wood1,burlap
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --textures) textures=$2; shift 2 ;;
    --compare) compare=$2; shift 2 ;;
    --) shift; train_opts=("$@"); break ;;
    *) echo "train-quality: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done

patterns=/usr/share/gimp/2.0/patterns
declare -A where=([stone33]=Stone [brick]=Stone [rock]=Stone [pink_marble]=Stone [cracked]=Stone [marble1]=Stone
                  [slate]=Stone [bark]=Wood [wood1]=Wood [walnut]=Wood [pine]=Wood [burlap]=Fabric [leaves]=Plant)
ex_dir=$dir/exemplars
mkdir -p "$ex_dir"
for t in ${textures//,/ }; do
  [ -f "$ex_dir/$t.png" ] && continue
  src="$patterns/${where[$t]:-?}/$t.pat"
  [ -f "$src" ] || { echo "train-quality: $src is missing: apt-get install gimp-data" >&2; exit 3; }
  python3 "$root/bench/pat2png.py" "$src" "$ex_dir/$t.png"
done

echo "train-quality: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "vector width $(grep -m1 -o 'avx512f' /proc/cpuinfo >/dev/null && echo 512 || echo 256)-bit, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -z "$compare" ]; then
  out=$dir/$label
  mkdir -p "$out"
  for t in ${textures//,/ }; do
    m=$out/$t.safetensors
    if [ ! -f "$m" ]; then
      echo "train-quality: training $t (${train_opts[*]:-defaults}), load $(cut -d' ' -f1-3 /proc/loadavg)"
      /usr/bin/time -f "%e s wall, %U s user, %S s sys" -o "$out/$t.time" \
        "${CMD[@]}" train --image "$ex_dir/$t.png" --out "$m" "${train_opts[@]}" >"$out/$t.log" 2>&1 </dev/null \
        || { echo "train-quality: training $t failed, see $out/$t.log" >&2; exit 1; }
      tail -n 3 "$out/$t.log" | sed 's/^/  /'
    fi
    # Three 1x renders (seeds 1-3): the structure figure is their mean, so one lucky or unlucky seed cannot decide it.
    for s in 1 2 3; do
      r=$out/$t.r1.png; [ $s = 1 ] || r=$out/$t.r1.s$s.png
      [ -f "$r" ] || cellscape render --model "$m" --size 128 --schedule "128x128:noise(0.1):1024" --seed $s --bits 8 --quiet --out "$r"
    done
    [ -f "$out/$t.fractal.png" ] || cellscape render --model "$m" --size 512 --bits 8 --quiet --out "$out/$t.fractal.png"
  done
  compare=$label
fi

cols=()
for c in ${compare//,/ }; do cols+=("$dir/$c"); done
. "$root/.mvn/find-jdk.sh"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$root/target/cellscape.jar" "$root/bench/TrainQuality.java" \
  "$dir/sheet-${compare//,/-}.jpg" "$ex_dir" "$textures" "${cols[@]}" 2>&1 | grep -v "^WARNING: Using incubator"
