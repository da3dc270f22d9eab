#!/usr/bin/env bash
# helm for the chart tests (`helm template charts/schemahero`), built from the Go module
# helm.sh/helm/v3 at the version pinned in helm/go.mod, with the version ldflags of helm's own
# Makefile. Output: $CACHE/helm-<version>/helm.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODULE=helm.sh/helm/v3
cd "$BUILD_DIR/helm"
VERSION="$(awk -v m="$MODULE" '$1 == m { print $2 }' go.mod)"
OUT="$CACHE/helm-$VERSION"
ID="$(build_id "$VERSION" "$SELF" go.mod go.sum)"
if is_built "$OUT" "$ID"; then
  log "cached: $OUT/helm ($VERSION)"
  exit 0
fi

log "building helm $VERSION into $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
# The Kubernetes version helm assumes for `helm template` (.Capabilities) and lint: the minor of
# the client-go it is built with, as helm's Makefile sets it.
k8s_minor="$(go list -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)"
ldflags="-s -w -X $MODULE/internal/version.version=$VERSION -X $MODULE/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags+=" -X $MODULE/$pkg.k8sVersionMajor=1 -X $MODULE/$pkg.k8sVersionMinor=$k8s_minor"
done
CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -p=2" polite go build -trimpath -buildvcs=false \
  -ldflags "$ldflags" -o "$OUT/helm" "$MODULE/cmd/helm"
mark_built "$OUT" "$ID"
log "built: $OUT/helm ($("$OUT/helm" version --short))"
