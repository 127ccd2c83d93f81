#!/usr/bin/env bash
# Makes docs/video-control-strip.jpg: eight frames of a controlled film, the shipped 2-rule duet model (rule 0
# coral, rule 1 lichen) driven by a generated control video, a white disk (lichen) crossing black (coral) from left
# to right in 5 s. Needs python3 (writes the control frames) and ffmpeg (lays the frames out as a strip).
# Usage: bench/control-film-strip.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-target/control-strip}
rm -rf "$work" && mkdir -p "$work/disk"
python3 - "$work/disk" <<'PY'
import struct, sys, zlib
out, W, H, N, R = sys.argv[1], 256, 192, 50, 28
def png(path, rows):
    raw = b''.join(b'\x00' + bytes(r) for r in rows)
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
for i in range(N):
    cx, cy = 32 + (W - 64) * i / (N - 1), H / 2
    png('%s/%06d.png' % (out, i + 1), [[255 if (x - cx) ** 2 + (y - cy) ** 2 <= R * R else 0 for x in range(W) for _ in range(3)] for y in range(H)])
PY
cmd=(./cellscape video --model presets/models/duet.safetensors --control "lichen=$work/disk" --fps 10 --size 256x192 --out "$work/film")
echo "${cmd[*]}"
"${cmd[@]}"
ffmpeg -loglevel error -y -i "$work/film/%06d.png" -vf "select='not(mod(n\,7))',tile=8x1:padding=4:color=white" -frames:v 1 -q:v 4 docs/video-control-strip.jpg
echo "wrote docs/video-control-strip.jpg ($(du -k docs/video-control-strip.jpg | cut -f1) KB)"
