#!/usr/bin/env bash
# Renders every shipped preset at gallery size and builds gallery/ (thumbnails, full-resolution crops, live previews,
# index.html). Renders go to renders/gallery/ and are reused when they exist (delete them, or pass --overwrite, after
# changing a preset). The exact commands are recorded in gallery/index.html and gallery/commands.txt.
# Usage: bench/make-gallery.sh [more gallery options, e.g. --size 2048x1365 --backend cpu]
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./cellscape gallery --from-presets presets --size 2048x1152 --renders renders/gallery --out gallery "$@"
