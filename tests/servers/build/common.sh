# Shared by the build scripts: where builds are cached and how a finished build is recognised.
# Source it; it sets CACHE and defines the helpers below.

set -euo pipefail

CACHE="${SCHEMAHERO_TEST_CACHE:-$HOME/.cache/schemahero-test-servers}"
BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$BUILD_DIR/$(basename "$0")"
mkdir -p "$CACHE"

# One build of each server at a time: a second run waits, then finds the first one's result.
exec 9>"$CACHE/.$(basename "$0" .sh).lock"
flock 9

# A build's stamp is "<version> <digest of the files it was built from>", so an interrupted
# build (no stamp), a version bump or an edited script (other stamp) is rebuilt from scratch.
# The providers read the version (first word) to find the build.
build_id() {  # VERSION INPUT_FILE...
  local version="$1"
  shift
  printf '%s %s' "$version" "$(cat "$@" | sha256sum | cut -c1-12)"
}

is_built() {  # DIR BUILD_ID
  [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]
}

mark_built() {  # DIR BUILD_ID
  printf '%s' "$2" >"$1/.stamp"
}

log() {
  printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2
}

# The build shares the machine with tests and other builds: keep it polite.
polite() {
  nice -n 10 "$@"
}
