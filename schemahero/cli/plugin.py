"""`plugin list|pull|load|remove|verify|push|sign`: driver plugins for `--plugin NAME`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from schemahero import __version__
from schemahero.cli import reporting
from schemahero.cli.cluster.printing import table
from schemahero.plugins import choosing, index, loading, pulling, pushing, recording, references, verifying
from schemahero.plugins.index import Entry
from schemahero.plugins.registries import Transport
from schemahero.plugins.signatures import PASSWORD_ENV, PUBLIC_KEY_ENV, configured_public_key


def _description() -> str:
    return f"""\
Driver plugins that --plugin NAME runs on plan, apply, generate and fixtures.

A pulled plugin is an OCI artifact holding the driver's wheel. It is pinned by digest, checked
blob by blob, installed into a private virtual environment and started as a subprocess on a
private socket: no container runtime is needed.

environment:
  {index.HOME_ENV}        the index and the installed plugins (now: {index.home()})
  {references.REGISTRY_ENV}    the registry of `pull ENGINE` (default: {references.DEFAULT_REGISTRY}):
                                `pull postgres` is <registry>/schemahero-driver-postgres:{__version__}
  {PUBLIC_KEY_ENV}  a PEM public key (or --public-key): only plugins signed by it, as
                                `cosign sign --key` signs, are pulled or run
  {choosing.ENABLE_ENV}     false: every --plugin is ignored, and the drivers installed
                                with SchemaHero serve
"""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "plugin",
        help="pull, load, list, verify and remove driver plugins",
        description=_description(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="plugin_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the plugins of the index")
    listing.add_argument("-o", "--output", choices=["table", "json"], default="table")
    listing.set_defaults(run=_list)

    pull = actions.add_parser("pull", help="install a driver plugin from a registry")
    pull.add_argument("ref", metavar="REF", help="REGISTRY/REPOSITORY[:TAG][@DIGEST], or an engine name")
    pull.add_argument("--name", help="record it under this name (default: its engine)")
    _key_option(pull)
    _transport_options(pull)
    pull.set_defaults(run=_pull)

    load = actions.add_parser("load", help="record a driver executable of this machine")
    load.add_argument("path", metavar="PATH", help="an executable that serves the driver API")
    load.add_argument("--name", help="record it under this name (default: its engine)")
    load.add_argument("--engine", help="the engine to record it for, when it serves several")
    load.set_defaults(run=_load)

    remove = actions.add_parser("remove", help="forget a plugin and delete its files")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=_remove)

    verify = actions.add_parser(
        "verify",
        help="check an installed plugin against its pinned digest and signature",
        description="Recompute the digests of what is installed and compare them with the pinned "
        "digest, ask the registry whether it still serves that digest under the tag, and with a "
        "public key check the signature. Exit status 1 when anything does not match.",
    )
    verify.add_argument("name", metavar="NAME")
    verify.add_argument("--offline", action="store_true", help="check the installed files only")
    _key_option(verify)
    verify.set_defaults(run=_verify)

    push = actions.add_parser("push", help="publish a driver wheel as a plugin artifact (for driver authors)")
    push.add_argument("wheel", metavar="WHEEL", type=Path, help="the driver's wheel file")
    push.add_argument("ref", metavar="REF", help="REGISTRY/REPOSITORY:TAG to push to")
    push.add_argument("--engine", required=True, help="the engine the driver serves")
    push.add_argument(
        "--module", help="run as `python -m MODULE` (default for SchemaHero's wheel: its driver)"
    )
    push.add_argument("--extra", help="the wheel's extra to install with it (default: the engine's, if any)")
    push.add_argument(
        "--api-version",
        action="append",
        dest="api_versions",
        metavar="VERSION",
        help="a driver contract version it speaks; repeat for several (default: this CLI's)",
    )
    _transport_options(push)
    push.set_defaults(run=_push)

    sign = actions.add_parser(
        "sign",
        help="sign a plugin artifact as `cosign sign --key` does (for releases)",
        description=f"Store an ECDSA P-256 signature of the artifact's digest under "
        f"sha256-<hex>.sig in its repository. The key is PEM (PKCS#8 or SEC1); ${PASSWORD_ENV} "
        "holds its password if it is encrypted.",
    )
    sign.add_argument("ref", metavar="REF")
    sign.add_argument("--key", required=True, type=Path, metavar="PRIVATE.pem")
    _transport_options(sign)
    sign.set_defaults(run=_sign)


def _key_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--public-key",
        metavar="PATH",
        help=f"require a signature by this PEM public key (default: ${PUBLIC_KEY_ENV})",
    )


def _transport_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plain-http", action="store_true", help="the registry speaks HTTP, without TLS")
    parser.add_argument(
        "--insecure", action="store_true", help="do not verify the registry's TLS certificate"
    )


def _transport(args: argparse.Namespace) -> Transport:
    return Transport(plain_http=args.plain_http, insecure=args.insecure)


def _list(args: argparse.Namespace) -> int:
    entries = sorted(index.load().values(), key=lambda e: e.name)
    if args.output == "json":
        print(json.dumps([e.encode() for e in entries], indent=2))
        return 0
    rows = [[e.name, e.engine, e.version, e.source_label, e.digest] for e in entries]
    print(table(["NAME", "ENGINE", "VERSION", "SOURCE", "DIGEST"], rows), end="")
    return 0


def _pull(args: argparse.Namespace) -> int:
    key = configured_public_key(args.public_key)
    entry, previous = pulling.pull(args.ref, name=args.name, key=key, transport=_transport(args))
    _recorded(entry, previous)
    if entry.signed_by:
        reporting.say(f"signature verified: key {entry.signed_by}")
    return 0


def _load(args: argparse.Namespace) -> int:
    entry, previous = loading.load(args.path, name=args.name, engine=args.engine)
    _recorded(entry, previous)
    return 0


def _remove(args: argparse.Namespace) -> int:
    entry = recording.remove(args.name)
    reporting.say(f"removed {entry.name} ({entry.source_label})")
    return 0


def _verify(args: argparse.Namespace) -> int:
    report = verifying.verify(args.name, key=configured_public_key(args.public_key), offline=args.offline)
    print(f"{report.entry.name}: {report.entry.source_label}")
    print(f"digest: {report.entry.digest}")
    for outcome, message in report.results:
        print(f"{outcome.value}: {message}")
    if not report.ok:
        reporting.say(f"error: plugin {report.entry.name} does not verify")
    return 0 if report.ok else 1


def _push(args: argparse.Namespace) -> int:
    pinned = pushing.push(
        args.wheel,
        args.ref,
        engine=args.engine,
        module=args.module,
        extra=args.extra,
        api_versions=args.api_versions or pushing.DEFAULT_API_VERSIONS,
        transport=_transport(args),
    )
    print(pinned)
    return 0


def _sign(args: argparse.Namespace) -> int:
    pinned, _ = pushing.sign(args.ref, args.key, transport=_transport(args))
    print(pinned)
    return 0


def _recorded(entry: Entry, previous: Entry | None) -> None:
    print(f"{entry.name}: {entry.driver} {entry.version} ({entry.source_label}) {entry.digest}")
    if previous is not None and previous.digest != entry.digest:
        reporting.say(
            f"replaced {previous.name} {previous.version} ({previous.source_label}) {previous.digest}"
        )
