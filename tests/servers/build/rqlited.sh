#!/usr/bin/env bash
# rqlited for the rqlite tests, built from the Go module github.com/rqlite/rqlite/v8 (cgo: its
# SQLite fork needs gcc). The version is the one pinned in rqlited/go.mod; rqlite v9 is not
# used (its licence is not open source). Output: $CACHE/rqlite-<version>/rqlited.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODULE=github.com/rqlite/rqlite/v8
cd "$BUILD_DIR/rqlited"
VERSION="$(awk -v m="$MODULE" '$1 == m { print $2 }' go.mod)"
OUT="$CACHE/rqlite-$VERSION"
ID="$(build_id "$VERSION" "$SELF" go.mod go.sum)"
if is_built "$OUT" "$ID"; then
  log "cached: $OUT/rqlited ($VERSION)"
  exit 0
fi

log "building rqlited $VERSION into $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
CGO_ENABLED=1 polite go build -trimpath -buildvcs=false \
  -ldflags "-s -w -X $MODULE/cmd.Version=$VERSION -X $MODULE/cmd.CompilerCommand=gcc" \
  -o "$OUT/rqlited" "$MODULE/cmd/rqlited"
mark_built "$OUT" "$ID"
log "built: $OUT/rqlited"
