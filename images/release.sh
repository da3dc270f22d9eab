#!/usr/bin/env bash
# Build and push the release images, each an OCI image index for linux/amd64 and linux/arm64:
#   <registry>/schemahero-operator:<version>         schemahero[operator,oci], no database client
#   <registry>/schemahero-operator:<version>-all     every driver inside (plugins turned off)
#   <registry>/schemahero-driver-<engine>:<version>  one per package schemahero/drivers/<engine>
# Needs docker with buildx (and QEMU binfmt for the other platform) and a login to the registry.
# Environment: REGISTRY (ghcr.io/schemahero), VERSION (pyproject.toml's), REVISION (git HEAD),
# SOURCE (the repository URL for the OCI label), PLATFORMS (linux/amd64,linux/arm64), and
# OUTPUT (type=registry,oci-mediatypes=true; type=cacheonly builds and pushes nothing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

REGISTRY="${REGISTRY:-ghcr.io/schemahero}"
VERSION="${VERSION:-$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')}"
REVISION="${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"
PLATFORMS="${PLATFORMS:-linux/amd64,linux/arm64}"
OUTPUT="${OUTPUT:-type=registry,oci-mediatypes=true}"

build() {  # DOCKERFILE TAG [BUILD_ARG...]
  local dockerfile="$1" tag="$2"
  shift 2
  local args=(--build-arg "VERSION=$VERSION" --build-arg "REVISION=$REVISION")
  if [[ -n "${SOURCE:-}" ]]; then
    args+=(--build-arg "SOURCE=$SOURCE")
  fi
  for arg in "$@"; do
    args+=(--build-arg "$arg")
  done
  echo "building $tag ($PLATFORMS)" >&2
  docker buildx build --platform "$PLATFORMS" --file "$dockerfile" --tag "$tag" \
    "${args[@]}" --output "$OUTPUT" .
}

build images/operator/Dockerfile "$REGISTRY/schemahero-operator:$VERSION"
build images/operator/Dockerfile "$REGISTRY/schemahero-operator:$VERSION-all" EXTRAS=postgres,mysql,cassandra,rqlite,operator,oci
for main in schemahero/drivers/*/__main__.py; do
  engine="$(basename "$(dirname "$main")")"
  build images/driver/Dockerfile "$REGISTRY/schemahero-driver-$engine:$VERSION" "ENGINE=$engine"
done
