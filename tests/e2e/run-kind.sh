#!/usr/bin/env bash
# End to end on a kind cluster, where Docker runs: create the cluster (dev/kind.yaml), build and
# deploy everything with skaffold (operator and driver images, manifests/overlays/dev), wait for
# the operator, apply the SQLite example, and wait until its Database and Table are Ready and the
# Migration executed. Needs docker, kind, skaffold and kubectl on PATH.
#
# Environment: SCHEMAHERO_E2E_CLUSTER (schemahero-e2e), SCHEMAHERO_E2E_KEEP=1 to leave the
# cluster running afterwards (its kubeconfig is printed), SCHEMAHERO_E2E_TIMEOUT (300s per wait).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

CLUSTER="${SCHEMAHERO_E2E_CLUSTER:-schemahero-e2e}"
TIMEOUT="${SCHEMAHERO_E2E_TIMEOUT:-300s}"
NAMESPACE=schemahero-e2e
work="$(mktemp -d)"
export KUBECONFIG="$work/kubeconfig"

say() { printf '[e2e] %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

for tool in docker kind skaffold kubectl python3; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH"
done
docker info >/dev/null 2>&1 || fail "Docker is not running here"
version="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"

cleanup() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    say "operator logs:"
    kubectl -n schemahero-system logs deployment/schemahero-operator --all-containers --tail=100 >&2 || true
    kubectl -n "$NAMESPACE" get databases,tables,migrations -o wide >&2 || true
  fi
  if [[ -n "${SCHEMAHERO_E2E_KEEP:-}" ]]; then
    say "cluster $CLUSTER kept; KUBECONFIG=$KUBECONFIG"
  else
    kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT

say "creating kind cluster $CLUSTER"
kind create cluster --name "$CLUSTER" --config dev/kind.yaml --wait 120s

# The version tag: a Database without plugin.ociRef, and the example's ociRef, find the driver
# images under it; skaffold loads every image into the kind node.
say "building and deploying with skaffold (images tagged $version)"
skaffold run --kube-context "kind-$CLUSTER" --tag "$version" --status-check=true

say "waiting for the operator"
kubectl -n schemahero-system rollout status deployment/schemahero-operator --timeout="$TIMEOUT"

say "applying manifests/examples/sqlite in namespace $NAMESPACE"
kubectl create namespace "$NAMESPACE"
kubectl -n "$NAMESPACE" apply --server-side -k manifests/examples/sqlite
kubectl -n "$NAMESPACE" wait --for=condition=Ready database/playground --timeout="$TIMEOUT"
kubectl -n "$NAMESPACE" wait --for=condition=Ready table/playground-users --timeout="$TIMEOUT"

phase="$(kubectl -n "$NAMESPACE" get migrations -o jsonpath='{.items[*].status.phase}')"
[[ "$phase" == *EXECUTED* ]] || fail "no executed Migration (phases: ${phase:-none})"
say "passed: the Database is Ready, the Table is Ready, its Migration executed"
