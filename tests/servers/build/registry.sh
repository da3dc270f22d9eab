#!/usr/bin/env bash
# The OCI registry for the operator tests: Debian's docker-registry (distribution 2.8).
# Only the binary is used; tests/servers/registry.py starts it with its own config, never the
# system service.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if command -v docker-registry >/dev/null; then
  log "docker-registry present: $(docker-registry --version)"
  exit 0
fi
log "installing Debian package docker-registry"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq docker-registry >/dev/null || { apt-get update -qq && apt-get install -y -qq docker-registry >/dev/null; }
log "installed: $(docker-registry --version)"
