# Finds a JDK >= 25 and exports JAVA_HOME (sourced by ./cellscape and ./mvnw; POSIX sh).
# Order: $JAVA_HOME if it is new enough, then `java` on PATH, then the usual install folders.
# Prints nothing on success; on failure a one-line message and exit code 10.
cellscape_java_major() {
  # prints the major version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}
cellscape_find_jdk() {
  case $- in *f*) set +f; cellscape_noglob=1 ;; *) cellscape_noglob= ;; esac  # mvnw runs with globbing off
  for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(cellscape_java_major "$cand/bin/java")
    if [ "$major" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$cand"; export JAVA_HOME
      [ -z "$cellscape_noglob" ] || set -f
      return 0
    fi
  done
  echo "cellscape: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt); install one (e.g. Temurin 25) and set JAVA_HOME" >&2
  exit 10
}
cellscape_find_jdk
