# Shared by the bench scripts: finds the launcher, a 12/96 model, and measures a render.
# Figures from a busy machine are noise: quote them with the machine and its load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench_dir=${BENCH_DIR:-$root/target/bench}
mkdir -p "$bench_dir"

# The JDK the launcher uses, and its libjsig: native libraries loaded in the process (PoCL's LLVM, probed by
# --backend auto) replace the JVM's SIGSEGV handler, and the JVM then dies on its own safepoint polls (exit 139, no
# hs_err). Preloading libjsig chains the handlers instead.
. "$root/.mvn/find-jdk.sh"
jsig="$JAVA_HOME/lib/libjsig.so"
[ -f "$jsig" ] || jsig=""

# The CLI with a capped heap: ./cellscape (it reads CELLSCAPE_JAVA_OPTS) or the packaged jar, as an array CMD;
# JAR=FILE measures that jar instead (an older build, for an A/B).
if [ -z "${JAR:-}" ] && [ -x "$root/cellscape" ]; then
  CMD=(env "LD_PRELOAD=$jsig" "CELLSCAPE_JAVA_OPTS=-Xmx${HEAP:-1g} ${EXTRA_JAVA_OPTS:-}" "$root/cellscape")
else
  jar=${JAR:-$root/target/cellscape.jar}
  [ -f "$jar" ] || { echo "no $jar: build first (mvn -B -DskipTests package)" >&2; exit 1; }
  CMD=(env "LD_PRELOAD=$jsig" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
    "-Xmx${HEAP:-1g}" ${EXTRA_JAVA_OPTS:-} -jar "$jar")
fi
cellscape() { "${CMD[@]}" "$@"; }

# MODEL: a 12-channel, 96-hidden model; by default Google's "dots" imported from the shared atlas.
model() {
  if [ -n "${MODEL:-}" ]; then echo "$MODEL"; return; fi
  local m="$bench_dir/models/dots.safetensors"
  if [ ! -f "$m" ]; then
    local atlas="$root/../shared/data/google-texture-ca/models.json"
    [ -f "$atlas" ] || { echo "no MODEL given and no $atlas to import one from" >&2; exit 1; }
    cellscape models import "$atlas" --out "$bench_dir/models" --only dots >&2
  fi
  echo "$m"
}

# measure OUT SCRATCH_PARENT -- render args...: wall time, peak RSS, peak scratch disk, then the file's header.
measure() {
  local out=$1 scratch_parent=$2; shift 3
  local scratch="$scratch_parent/$(basename "$out").cellscape-scratch" peak_file="$bench_dir/scratch-peak.$$"
  echo 0 >"$peak_file"
  ( while sleep 1; do
      s=$(du -sb "$scratch" 2>/dev/null | cut -f1 || true)
      [ -n "$s" ] && [ "$s" -gt "$(cat "$peak_file")" ] && echo "$s" >"$peak_file"
    done ) &
  local watcher=$!
  local timelog="$bench_dir/time.$$"
  set +e
  /usr/bin/time -v -o "$timelog" "${CMD[@]}" render "$@" --out "$out" --scratch "$scratch_parent"
  local rc=$?
  set -e
  kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null || true
  echo "---- $(basename "$0") results (exit $rc) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$timelog" | sed 's/^\s*/  /'
  awk '{printf "  Peak scratch disk: %.1f MiB\n", $1/1048576}' "$peak_file"
  echo "  JVM heap cap: $HEAP"
  rm -f "$peak_file" "$timelog"
  if [ -f "$out" ]; then
    ls -l "$out" | awk '{printf "  Output: %s bytes\n", $5}'
    command -v vipsheader >/dev/null && vipsheader "$out" | sed 's/^/  vipsheader: /'
    command -v tiffinfo >/dev/null && tiffinfo "$out" 2>/dev/null | grep -E "Image Width|Bits/Sample|Compression|Resolution" | sed 's/^\s*/  tiffinfo: /'
    head -c 4 "$out" | od -An -tu1 | awk '{print ($3 == 43) ? "  BigTIFF: yes" : "  BigTIFF: no"}'
  fi
  return $rc
}
