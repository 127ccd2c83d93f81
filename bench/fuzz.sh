#!/usr/bin/env bash
# The long fuzz run: every fuzz target of the test suite for SECONDS each (default 240), one after another, with
# Jazzer's command line (coverage-guided, libFuzzer underneath), starting from the corpus committed under
# src/test/resources/**/*FuzzTestInputs. Prints executions per target and what was found; a finding's input is kept
# under target/fuzz/findings/TARGET/ (up to 20 distinct ones a target; copy one into the target's Inputs folder to make it a regression test).
# Exit status 1 when anything was found. `./mvnw test` runs the same targets for a few seconds each.
#   bench/fuzz.sh [SECONDS] [TARGET...]      e.g. bench/fuzz.sh 60 SafeTensorsFuzzTest NpyFuzzTest
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. .mvn/find-jdk.sh
seconds=${1:-240}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd src/test/java && find . -name '*FuzzTest.java' | sed 's|^\./||; s|\.java$||' | sort)

./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz/classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/fuzz/classpath.txt)"

echo "fuzz: $seconds s per target; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %12s %8s  %s\n' TARGET EXECUTIONS EXEC/S FOUND
found_any=0
for t in "${targets[@]}"; do
  cls=${t//\//.}; cls=${cls#org.cellscape.}; cls=org.cellscape.${cls#org.cellscape.}
  [[ $t == */* ]] || cls=$(cd src/test/java && find . -name "$t.java" | sed 's|^\./||; s|\.java$||; s|/|.|g')
  name=${cls##*.}
  method=$(grep -A1 '@FuzzTest' "src/test/java/${cls//.//}.java" | grep -oP 'void \K\w+' | head -1)
  seeds="src/test/resources/${cls//.//}Inputs/$method"
  corpus="target/fuzz/corpus/$name" findings="target/fuzz/findings/$name" log="target/fuzz/$name.log"
  mkdir -p "$corpus" "$findings" "$seeds"
  rc=0
  LD_PRELOAD="$JAVA_HOME/lib/libjsig.so" JAVA_HOME="$JAVA_HOME" PATH="$JAVA_HOME/bin:$PATH" \
    java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx1g -XX:+EnableDynamicAgentLoading \
    -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$cls" --target_method="$method" \
    --reproducer_path="$findings" -artifact_prefix="$findings/" -max_total_time="$seconds" --keep_going=20 -timeout=20 -rss_limit_mb=2048 \
    "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
  execs=$(grep -oP '^#\K[0-9]+' "$log" | tail -1)
  execs=${execs:-0}
  # distinct findings (Jazzer keeps going past a finding whose stack it has not seen yet)
  what=$(grep -oP '(== Java Exception: |ERROR: libFuzzer: |== Java Assertion Error: )\K.*' "$log" | cut -c1-140 | sort -u | paste -sd'|' || true)
  if [ $rc -ne 0 ] || [ -n "$what" ]; then found_any=1; what="${what:-exit $rc} (see $log)"; else what=nothing; fi
  printf '%-28s %12s %8s  %s\n' "$name" "$execs" "$((execs / seconds))" "$what"
done
echo "fuzz: load average afterwards $(cut -d' ' -f1-3 /proc/loadavg)"
exit $found_any
