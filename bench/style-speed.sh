#!/bin/sh
# Speed of a training iteration with the VGG16 style loss, on random weights at VGG16's real shapes (conv1_1..conv5_1,
# 64..512 wide): no download, the same arithmetic as the real weights. Per training size (default 64 and 128) it runs
# `cellscape train --bench` without and with `--style-net random`, alternating, ROUNDS times (default 2), and prints
# seconds per iteration with the breakdown (style net forward and backward, NCA forward and backward: seconds summed
# over the worker threads), beside the CPU, the vector width and the load average. Extra arguments go to every run
# (e.g. --threads 2, --style-loss sw).
#   bench/style-speed.sh [--threads 2]          SIZES="64 128" ROUNDS=2
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for size in ${SIZES:-64 128}; do
  r=1
  while [ "$r" -le "${ROUNDS:-2}" ]; do
    echo "size $size, round $r"
    "$here/cellscape" train --bench --iterations 4 --size "$size" "$@" | sed 's/^/  plain: /'
    "$here/cellscape" train --bench --iterations 4 --size "$size" --style-net random "$@" | sed 's/^/  style: /'
    r=$((r + 1))
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
