#!/usr/bin/env bash
# GPU check: is the OpenCL backend bit-exact with the CPU reference on this machine's device, and how fast is it?
# Builds nothing: runs a bundle made by bench/make-bundle.sh (its jar, lib/ and jlink runtime).
#
# Usage: gpu-check.sh [--bundle DIR] [--device SEL] [--peak-gflops X] [--sizes 4096,8192] [--steps 8,64]
#                     [--variants] [--heap 16g] [--no-check]
#   --peak-gflops  the device's fp32 peak (2 x FMA lanes x clock); known by name for the H200 (66900)
#   --variants     also time kernel variants at the first size (unroll of the hidden loop, direct kernel)
# Exit status: 0 all bit-exact, 6 a result differs or no OpenCL device works, other = error.
# See docs/opencl-backend.md, "GPU check bundle".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/cellscape.jar" ]; then bundle=$here; else bundle=$here/../target/bundle; fi
device="" peak="" sizes="4096,8192" steps="8,64" variants=0 heap=16g check=1
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) bundle=$2; shift 2 ;;
        --device) device=$2; shift 2 ;;
        --peak-gflops) peak=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        --variants) variants=1; shift ;;
        --heap) heap=$2; shift 2 ;;
        --no-check) check=0; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "gpu-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -f "$bundle/cellscape.jar" ] || { echo "gpu-check: no bundle at $bundle (run bench/make-bundle.sh)" >&2; exit 3; }
java=$bundle/runtime/bin/java
[ -x "$java" ] || java=${JAVA_HOME:+$JAVA_HOME/bin/}java
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "-Xmx$heap")
cp="$bundle/cellscape.jar:$bundle/lib/*"

# Containers often carry NVIDIA's OpenCL driver without its ICD file: point the loader at it.
if [ -z "${OCL_ICD_VENDORS:-}" ] && ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
    nv=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1/ {print $NF; exit}'); \
          ls /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib64/libnvidia-opencl.so.1 2>/dev/null | head -1)
    nv=$(echo "$nv" | head -1)
    if [ -n "$nv" ]; then
        icd=$(mktemp -d); echo "$nv" > "$icd/nvidia.icd"; export OCL_ICD_VENDORS=$icd
        echo "gpu-check: no /etc/OpenCL/vendors; using $nv through OCL_ICD_VENDORS"
    fi
fi

echo "== devices"
"$java" "${flags[@]}" -jar "$bundle/cellscape.jar" devices ${device:+--device "$device"} || exit $?

args=(--sizes "$sizes" --steps "$steps")
[ -n "$device" ] && args+=(--device "$device")
[ -n "$peak" ] && args+=(--peak-gflops "$peak")
[ "$check" = 1 ] || args+=(--no-check)
echo
echo "== check against the CPU reference, then throughput"
"$java" "${flags[@]}" -cp "$cp" org.cellscape.backend.opencl.OpenClCheck "${args[@]}"
status=$?

# The same backend through the normal CLI (cellscape bench), and the CPU backend on this host for comparison.
bench() {
    local b=$1 log; shift
    log=$("$java" "${flags[@]}" -jar "$bundle/cellscape.jar" bench --backend "$b" "$@" 2>&1)
    local rc=$?
    if [ $rc -eq 0 ]; then echo "$log" | grep -E '^(backend|cell-upd/s|MLP GFLOP/s|runs) '
    else echo "$log" | grep -v '^WARNING' | head -5; echo "(cellscape bench exit $rc)"; fi
}
if "$java" "${flags[@]}" -jar "$bundle/cellscape.jar" bench --help >/dev/null 2>&1; then
    for size in ${sizes//,/ }; do
        echo
        echo "== cellscape bench --backend opencl --size $size --steps ${steps##*,}"
        bench opencl --size "$size" --steps "${steps##*,}" --runs 3 --warmup 1
    done
    echo
    echo "== cellscape bench --backend cpu --size 1024 (this host's CPU, for comparison)"
    bench cpu --size 1024 --steps 16 --runs 3 --warmup 1
fi

if [ "$variants" = 1 ] && [ "$status" -le 6 ]; then
    first=${sizes%%,*}
    for v in unrollHidden=4 unrollHidden=96 kernel=direct; do
        echo
        echo "== variant -Dcellscape.opencl.$v (${first}x${first})"
        "$java" "${flags[@]}" "-Dcellscape.opencl.$v" -cp "$cp" org.cellscape.backend.opencl.OpenClCheck \
            --no-check --sizes "$first" --steps "${steps##*,}" ${device:+--device "$device"} ${peak:+--peak-gflops "$peak"} | grep -E '^[0-9]+x'
    done
fi
exit $status
