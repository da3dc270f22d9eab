"""The operator's command line: which namespaces to watch, metrics, logging, timing."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
from collections.abc import Sequence

from schemahero.operator.context import Settings
from schemahero.operator.kube import Unreachable
from schemahero.operator.plugin_settings import InvalidSetting, from_env
from schemahero.operator.running import run
from schemahero.operator.sharding import InvalidSelector, valid_selector
from schemahero.plugins.signatures import PUBLIC_KEY_ENV


def parser() -> argparse.ArgumentParser:
    defaults = Settings()
    root = argparse.ArgumentParser(
        prog="python -m schemahero.operator",
        description="The SchemaHero operator: plans Tables, Views, Functions, DatabaseExtensions "
        "and DataTypes against their Databases, records Migrations and applies them once "
        "approved. It reaches the cluster through $KUBECONFIG, ~/.kube/config or the pod's "
        "service account.",
        epilog="Where drivers come from is set by the environment: SCHEMAHERO_ENABLE_PLUGINS, "
        "SCHEMAHERO_IN_TREE_FALLBACK, SCHEMAHERO_PLUGIN_REGISTRY, SCHEMAHERO_PLAIN_HTTP_REGISTRIES, "
        "and for driver sidecars SCHEMAHERO_OPERATOR_DEPLOYMENT, SCHEMAHERO_OPERATOR_NAMESPACE, "
        "SCHEMAHERO_OPERATOR_CONTAINER, SCHEMAHERO_DRIVER_SOCKETS, SCHEMAHERO_SIDECAR_GRACE_SECONDS, "
        f"and {PUBLIC_KEY_ENV} (or --plugin-public-key). Safety is set per Database: spec.approval "
        "(manual, auto, auto-safe; default auto with immediateDeploy, else manual; a Table's "
        "spec.approval overrides it) and spec.drift {interval, policy: report|restore}.",
    )
    scope = root.add_mutually_exclusive_group()
    scope.add_argument(
        "-n",
        "--namespace",
        action="append",
        default=[],
        metavar="NAME",
        help="watch this namespace (repeat for several; glob patterns such as 'team-*' work)",
    )
    scope.add_argument(
        "-A",
        "--all-namespaces",
        action="store_true",
        help="watch every namespace (the default when no --namespace is given)",
    )
    root.add_argument(
        "-l",
        "--selector",
        default="",
        metavar="SELECTOR",
        help="serve only the objects this label selector matches (e.g. 'shard=a'), a shard of the "
        "cluster; label a Database and its Tables alike (default: every object)",
    )
    root.add_argument(
        "--peering",
        default="",
        metavar="NAME",
        help="run as one of several replicas through kopf's peering object NAME (ClusterKopfPeering, "
        "or KopfPeering in each watched namespace): the others stand by (default: standalone)",
    )
    root.add_argument(
        "--priority",
        type=int,
        metavar="N",
        help="this replica's peering priority; the live replica of the highest works "
        "(default with --peering: a random one)",
    )
    root.add_argument(
        "--metrics-port",
        type=int,
        metavar="PORT",
        help="serve Prometheus metrics on this port (default: no metrics endpoint)",
    )
    root.add_argument(
        "--metrics-address",
        default=defaults.metrics_address,
        metavar="ADDRESS",
        help=f"address the metrics endpoint listens on (default {defaults.metrics_address})",
    )
    root.add_argument(
        "--resync-interval",
        type=float,
        default=defaults.resync_interval,
        metavar="SECONDS",
        help="check every Database's connection again this often (default "
        f"{defaults.resync_interval:g}; 0 turns it off). Drift is found per Database, at its "
        "spec.drift.interval (e.g. 5m), and reported or restored per spec.drift.policy",
    )
    root.add_argument(
        "--retry-delay",
        type=float,
        default=defaults.retry_delay,
        metavar="SECONDS",
        help="first delay before retrying a database that is down, doubled each time up to "
        f"--max-retry-delay (default {defaults.retry_delay:g})",
    )
    root.add_argument(
        "--max-retry-delay",
        type=float,
        default=defaults.max_retry_delay,
        metavar="SECONDS",
        help=f"longest delay between retries (default {defaults.max_retry_delay:g})",
    )
    root.add_argument(
        "--plugin-public-key",
        metavar="PATH",
        help="run only driver images with a cosign signature by this PEM public key, stored in "
        f"their registry (default: ${PUBLIC_KEY_ENV}; unset: signatures are not checked)",
    )
    root.add_argument("-v", "--verbose", action="store_true", help="log each decision")
    return root


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        namespaces=tuple(args.namespace),
        selector=valid_selector(args.selector),
        peering=args.peering,
        priority=args.priority if args.priority is not None else random.randrange(1, 2**31),
        metrics_port=args.metrics_port,
        metrics_address=args.metrics_address,
        retry_delay=args.retry_delay,
        max_retry_delay=args.max_retry_delay,
        resync_interval=args.resync_interval,
        plugins=from_env(os.environ, public_key=args.plugin_public_key),
    )


def main(argv: Sequence[str] | None = None) -> int:
    root = parser()
    args = root.parse_args(argv)
    try:
        settings = settings_from(args)
    except (InvalidSetting, InvalidSelector) as error:
        root.error(str(error))
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        asyncio.run(run(settings))
    except Unreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
