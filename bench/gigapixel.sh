#!/usr/bin/env bash
# Gigapixel benchmark: 32768x32768 (1.07 Gpx) 16-bit BigTIFF, out of core. Target: peak RSS <= 4 GiB.
#   bench/gigapixel.sh                 # the real thing (hours on a small CPU; ~27 G cell updates)
#   SIZE=8192 bench/gigapixel.sh       # a quick try (add --force-bigtiff via EXTRA to check BigTIFF output)
# Env: MODEL, SIZE (32768), SCHEDULE (the default below), HEAP (2g), BACKEND (auto), SCRATCH (beside the output; needs ~13 GiB at full size,
# ~7 GiB with EXTRA="--store float16"), EXTRA (more render options)
HEAP=${HEAP:-2g}
. "$(dirname "$0")/common.sh"
SIZE=${SIZE:-32768}
m=$(model)
out="$bench_dir/gigapixel-$SIZE.tif"
scratch=${SCRATCH:-$bench_dir}
rm -f "$out"
measure "$out" "$scratch" -- --model "$m" --size "$SIZE" --schedule "${SCHEDULE:-auto:zeros:64, x2:32, x2:32, x2:32, x2:32, x2:16}" \
  --backend "${BACKEND:-auto}" --progress json ${EXTRA:-} 2> >(tail -n 3 >&2)
