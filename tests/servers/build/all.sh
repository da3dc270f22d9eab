#!/usr/bin/env bash
# Every test server and tool, one build after another (they share 2 cores); each is a no-op when cached.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
for script in registry rqlited cassandra kube helm; do
  bash "$here/$script.sh"
done
