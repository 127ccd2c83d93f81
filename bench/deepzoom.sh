#!/usr/bin/env bash
# Deep zoom and pyramid benchmark: a 16384x16384 16-bit RGB TIFF (smooth waves plus noise, tiled deflate with the
# predictor, as Cellscape writes them) made into
#   a DZI (254 px JPEG tiles, quality 85, 1 px overlap): cellscape deepzoom  vs  vips dzsave
#   a pyramidal TIFF (256 px deflate tiles):               cellscape pyramid   vs  vips tiffsave --pyramid --tile
# each pair one after the other in the same run: wall time, peak RSS, and our time over libvips'.
# Goals: <= 1.5x libvips' time, peak RSS <= 1 GiB. Figures from a busy machine are noise: quote the load.
#   bench/deepzoom.sh             # 16384^2
#   SIZE=4096 bench/deepzoom.sh   # a quick try
# Env: SIZE (16384), HEAP (512m), BENCH_DIR (target/bench)
HEAP=${HEAP:-512m}
. "$(dirname "$0")/common.sh"
command -v vips >/dev/null || { echo "vips not installed (apt-get install libvips-tools)" >&2; exit 1; }
N=${SIZE:-16384}
src="$bench_dir/waves-$N.tif"
if [ ! -f "$src" ]; then
  echo "making $src ..." >&2
  t=$(mktemp -d "$bench_dir/gen.XXXX")
  for b in 0 1 2; do
    vips sines "$t/s$b.v" "$N" "$N" --hfreq "0.0$((3 + b))" --vfreq "0.0$((2 + b))"
    vips gaussnoise "$t/n$b.v" "$N" "$N" --mean 0 --sigma 400
    vips linear "$t/s$b.v" "$t/l$b.v" 20000 32768
    vips add "$t/l$b.v" "$t/n$b.v" "$t/a$b.v"
    vips cast "$t/a$b.v" "$t/c$b.v" ushort
  done
  vips bandjoin "$t/c0.v $t/c1.v $t/c2.v" "$t/rgb.v"
  vips copy "$t/rgb.v" "$t/rgb16.v" --interpretation rgb16
  vips tiffsave "$t/rgb16.v" "$src.partial" --tile --tile-width 256 --tile-height 256 --compression deflate \
    --predictor horizontal --level 1 --bigtiff
  mv "$src.partial" "$src"
  rm -rf "$t"
fi

# run NAME CMD...: wall seconds and peak RSS (KiB) of one command, into $NAME_s and $NAME_kb
run() {
  local name=$1; shift
  local log="$bench_dir/time.$name.$$"
  /usr/bin/time -v -o "$log" "$@" >/dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  printf -v "${name}_s" '%s' "$wall"
  printf -v "${name}_kb" '%s' "$rss"
  awk -v n="$name" -v w="$wall" -v r="$rss" 'BEGIN {printf "  %-10s %8.1f s   peak RSS %7.0f MiB\n", n, w, r / 1024}'
}

out="$bench_dir/deepzoom-$N"
rm -rf "$out" "$out.partial" "$out-vips" "$out-vips.dzi" "$out-vips_files" "$out.tif" "$out-vips.tif"
echo "---- $(basename "$0"): ${N}x${N} 16-bit on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
grep -qw avx512f /proc/cpuinfo && echo "  vector width: 512 bits (AVX-512)" || { grep -qw avx2 /proc/cpuinfo && echo "  vector width: 256 bits (AVX2)"; } || true
echo "  load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run cs_dzi "${CMD[@]}" deepzoom "$src" --out "$out" --quality 85
run vips_dzi vips dzsave "$src" "$out-vips" --tile-size 254 --overlap 1 --suffix ".jpg[Q=85]"
run cs_pyr "${CMD[@]}" pyramid "$src" --out "$out.tif"
run vips_pyr vips tiffsave "$src" "$out-vips.tif" --pyramid --tile --tile-width 256 --tile-height 256 \
  --compression deflate --predictor horizontal --level 1 --bigtiff
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio() { awk -v what="$1" -v a="$2" -v b="$3" -v kb="$4" \
  'BEGIN {printf "  %-8s cellscape / libvips time %.2f (goal <= 1.5), our RSS %.0f MiB (goal <= 1024)\n", what, a / b, kb / 1024}'; }
ratio DZI: "$cs_dzi_s" "$vips_dzi_s" "$cs_dzi_kb"
ratio pyramid: "$cs_pyr_s" "$vips_pyr_s" "$cs_pyr_kb"
echo "  tiles: $(find "$out" -name '*.jpg' | wc -l) ours, $(find "$out-vips_files" -name '*.jpg' | wc -l) libvips'"
echo "  pyramid pages: $(vipsheader -f n-pages "$out.tif") ours, $(vipsheader -f n-pages "$out-vips.tif") libvips'; sizes $(stat -c %s "$out.tif") / $(stat -c %s "$out-vips.tif") bytes"
