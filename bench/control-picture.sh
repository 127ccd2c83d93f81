#!/usr/bin/env bash
# Makes docs/control-maps.png: a legend map, the control field it gives a level grid, a weight ramp's field.
# Usage: bench/control-picture.sh [OUT.png]
. "$(dirname "$0")/common.sh"
[ -f "$root/target/cellscape.jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
"$JAVA_HOME/bin/java" -cp "$root/target/cellscape.jar" "$root/bench/ControlPicture.java" "${1:-$root/docs/control-maps.png}"
