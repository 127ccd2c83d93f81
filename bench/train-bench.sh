#!/bin/sh
# Prints the trainer's seconds per iteration (64x64, batch 4, 32..64 steps, 12 channels / 96 hidden by default:
# the figure the 0.5 s/iteration target is about). Extra arguments go to `cellscape train --bench`
# (e.g. --threads 1, --size 48, --image my.png). The machine's load average is printed with the figure: on a
# shared machine the number is only as good as the load is low.
here=$(cd "$(dirname "$0")/.." && pwd)
exec "$here/cellscape" train --bench --iterations 8 "$@"
