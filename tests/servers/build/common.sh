# Shared by the build scripts: where builds are cached and how a finished build is recognised.
# Source it; it sets CACHE and defines the helpers below.

set -euo pipefail

CACHE="${SCHEMAHERO_TEST_CACHE:-$HOME/.cache/schemahero-test-servers}"
BUILD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$CACHE"

# A build directory counts as done only when its stamp names the wanted version, so an
# interrupted build (no stamp) or a version bump (other stamp) is rebuilt from scratch.
is_built() {  # DIR VERSION
  [[ -f "$1/.stamp" && "$(cat "$1/.stamp")" == "$2" ]]
}

mark_built() {  # DIR VERSION
  printf '%s' "$2" >"$1/.stamp"
}

log() {
  printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2
}

# The build shares the machine with tests and other builds: keep it polite.
polite() {
  nice -n 10 "$@"
}
