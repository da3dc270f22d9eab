"""Flags every cluster command shares, as kubectl spells them."""

from __future__ import annotations

import argparse


def add_cluster_flags(parser: argparse.ArgumentParser, *, output: bool = True) -> None:
    parser.add_argument(
        "-n",
        "--namespace",
        default=None,
        help="namespace of the objects (default: the kubeconfig context's, else 'default')",
    )
    parser.add_argument(
        "-A",
        "--all-namespaces",
        action="store_true",
        help="look in every namespace; --namespace is then ignored",
    )
    parser.add_argument("--kubeconfig", default=None, metavar="PATH", help="kubeconfig file to use")
    parser.add_argument("--context", default=None, help="kubeconfig context to use")
    if output:
        parser.add_argument(
            "-o",
            "--output",
            choices=("json", "yaml"),
            default=None,
            help="print the objects as JSON or YAML instead of a table",
        )
