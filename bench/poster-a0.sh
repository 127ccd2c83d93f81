#!/usr/bin/env bash
# A0 poster benchmark: 9933x14043 16-bit TIFF (A0 at 300 dpi), 12/96 model, seed level 64 steps, x2 levels of 32
# steps, last level 16 steps (~3.7 G cell updates). Targets (on a quiet machine): <= 10 min wall, heap <= 1 GiB,
# peak RSS <= 3 GiB.
#   bench/poster-a0.sh                 # the real thing
#   DPI=75 bench/poster-a0.sh          # A0 at 75 dpi (2483x3511): a quick try of the same pipeline
# Env: MODEL (a .safetensors), DPI (300), HEAP (1g), BACKEND (auto), SCRATCH (beside the output), EXTRA (more render options)
HEAP=${HEAP:-1g}
. "$(dirname "$0")/common.sh"
DPI=${DPI:-300}
m=$(model)
out="$bench_dir/poster-a0-${DPI}dpi.tif"
scratch=${SCRATCH:-$bench_dir}
# Five doublings from a ~310x439 seed at 300 dpi; fewer doublings at lower dpi keep the seed of similar size.
levels=", x2:32, x2:32, x2:32, x2:32, x2:16"
[ "$DPI" -lt 300 ] && levels=", x2:32, x2:32, x2:16"
rm -f "$out"
measure "$out" "$scratch" -- --model "$m" --print A0 --dpi "$DPI" --schedule "auto:zeros:64$levels" \
  --backend "${BACKEND:-auto}" --progress json ${EXTRA:-} 2> >(tail -n 3 >&2)
