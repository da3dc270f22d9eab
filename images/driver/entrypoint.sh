#!/bin/sh
# python -m schemahero.drivers.$SCHEMAHERO_ENGINE, by default on the engine's socket in the
# folder the operator shares with its driver sidecars; any argument replaces that default.
set -eu
if [ "$#" -eq 0 ]; then
  set -- --listen "unix:///var/run/schemahero/drivers/${SCHEMAHERO_ENGINE}.sock"
fi
exec python -m "schemahero.drivers.${SCHEMAHERO_ENGINE}" "$@"
