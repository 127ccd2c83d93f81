#!/usr/bin/env bash
# Makes target/bundle/: everything needed to run cellscape (and the GPU check) on a machine without a JDK or Maven:
#   cellscape.jar, lib/*.jar, runtime/ (a jlink image of JDK 25), native/libOpenCL.so.1 (a fallback ICD loader),
#   gpu-check.sh and a `cellscape` launcher. See docs/opencl-backend.md, "GPU check bundle".
# Usage: bench/make-bundle.sh [--no-build] [--full]
#   --no-build  use target/cellscape.jar and target/lib as they are
#   --full      a runtime for every command (adds java.desktop for image output, java.sql for Jackson: ~60 MB);
#               the default runtime holds what the GPU check, `cellscape devices` and `cellscape bench` need (~46 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

build=1 full=0
for a in "$@"; do
    case "$a" in
        --no-build) build=0 ;;
        --full) full=1 ;;
        *) echo "make-bundle: unknown argument '$a'" >&2; exit 2 ;;
    esac
done
[ "$build" = 1 ] && mvn -B -o -q package -DskipTests
[ -f target/cellscape.jar ] && [ -d target/lib ] || { echo "make-bundle: target/cellscape.jar or target/lib missing; run mvn package" >&2; exit 3; }

out=target/bundle
rm -rf "$out.partial" "$out"
mkdir -p "$out.partial/lib" "$out.partial/native"
cp target/cellscape.jar "$out.partial/"
cp target/lib/*.jar "$out.partial/lib/"

# What jdeps finds in the jars (jdk.unsupported: LWJGL's Unsafe; jdk.incubator.vector: the CPU backend;
# jdk.management: bench's CPU time), except java.desktop and java.sql (image output, Jackson) unless --full.
modules=$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps --class-path 'target/lib/*' target/cellscape.jar)
modules="$modules,jdk.incubator.vector,jdk.unsupported"
if [ "$full" = 0 ]; then modules=$(echo "$modules" | tr ',' '\n' | grep -vx 'java.desktop\|java.sql' | paste -sd, -); fi
modules=$(echo "$modules" | tr ',' '\n' | sort -u | paste -sd, -)
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$out.partial/runtime" 2>&1 | grep -v "incubator modules" || true
[ -x "$out.partial/runtime/bin/java" ] || { echo "make-bundle: jlink failed" >&2; exit 1; }
# jlink keeps libjvm.so's symbol table (4 MB); the JVM does not need it.
if command -v strip >/dev/null; then strip --strip-unneeded "$out.partial/runtime/lib/server/libjvm.so"; fi

# A fallback OpenCL ICD loader, used only when the target machine has none (OpenCl.java looks beside the jar last).
loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 / && /x86-64/ {print $NF; exit}')
for f in "$loader" /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 /usr/lib64/libOpenCL.so.1; do
    if [ -n "$f" ] && [ -f "$f" ]; then cp -L "$f" "$out.partial/native/libOpenCL.so.1"; break; fi
done
[ -f "$out.partial/native/libOpenCL.so.1" ] || echo "make-bundle: no libOpenCL.so.1 here to ship (apt-get install ocl-icd-libopencl1); the bundle relies on the target's" >&2

cp bench/gpu-check.sh "$out.partial/gpu-check.sh"
cat > "$out.partial/cellscape" <<'EOF'
#!/usr/bin/env bash
# cellscape with the bundled Java runtime.
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/runtime/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow ${CELLSCAPE_JAVA_OPTS:-} -jar "$here/cellscape.jar" "$@"
EOF
chmod +x "$out.partial/cellscape" "$out.partial/gpu-check.sh"
mv "$out.partial" "$out"

echo "bundle: $out ($(du -sh "$out" | cut -f1); runtime $(du -sh "$out/runtime" | cut -f1), lib $(du -sh "$out/lib" | cut -f1)); modules: $modules"
