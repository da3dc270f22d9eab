"""`install`: put the SchemaHero operator in a cluster, or print or write its manifests.

The objects are the files of the repository's manifests/base and manifests/crds, shipped in this
package (`schemahero/cli/manifests` links to `manifests/`): the CLI, `kubectl apply -k` and GitOps
tools read one source, and the Helm chart renders the same objects (tests/manifests proves it).
The base is plain `resources` lists without transformers, so reading its files in order is
what kustomize prints; `--namespace` then moves the namespaced objects as kustomize would.
"""

from __future__ import annotations

import argparse
import copy
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemahero.cli import reporting

MANIFESTS = Path(__file__).with_name("manifests")
BASE = MANIFESTS / "base"
DEFAULT_NAMESPACE = "schemahero-system"
DEPLOYMENT = "schemahero-operator"
FIELD_MANAGER = "kubectl-schemahero"
_NAMESPACE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
# libyaml when PyYAML has it: the Database CRD alone is 300 kB of YAML.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

Document = dict[str, Any]


@dataclass(frozen=True)
class ManifestFile:
    """One file of the installation, at `path` relative to the output folder."""

    path: Path
    documents: tuple[Document, ...]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "install",
        help="install or upgrade the SchemaHero operator in a cluster (or print its manifests)",
        description="Apply the operator's manifests (CRDs, namespace, RBAC, Deployment, metrics "
        "Service) to the current kubectl context with server-side apply: a first run installs, a "
        "later one upgrades, and the driver sidecars that the operator added to its Deployment "
        "stay. --yaml prints the manifests instead and --out-dir writes them as a kustomization, "
        "for other tools to deploy; neither touches a cluster.",
    )
    parser.add_argument("--yaml", action="store_true", help="print the manifests; change nothing")
    parser.add_argument(
        "--out-dir",
        type=Path,
        metavar="DIR",
        help="write the manifests into DIR (a kustomization); change nothing",
    )
    parser.add_argument(
        "-n",
        "--namespace",
        default=DEFAULT_NAMESPACE,
        type=_namespace,
        help=f"namespace of the operator (default {DEFAULT_NAMESPACE})",
    )
    parser.add_argument("--kubeconfig", default=None, metavar="PATH", help="kubeconfig file to use")
    parser.add_argument("--context", default=None, help="kubeconfig context to use")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = manifest_files(args.namespace)
    if args.out_dir is not None:
        for written in write(files, args.out_dir):
            print(written)
        return 0
    text = render(files)
    if args.yaml:
        print(text, end="")
        return 0
    return apply(text, args.namespace, args.kubeconfig, args.context)


def manifest_files(namespace: str = DEFAULT_NAMESPACE) -> list[ManifestFile]:
    """Every file of the base, kustomization files included, in the order kustomize reads them."""
    if not (BASE / "kustomization.yaml").is_file():
        raise SystemExit(f"error: the operator manifests are missing from this installation ({BASE})")
    return [
        ManifestFile(f.path, tuple(_in_namespace(d, namespace) for d in f.documents))
        for f in _kustomization(BASE, Path())
    ]


def objects(files: list[ManifestFile]) -> list[Document]:
    """The Kubernetes objects, without the kustomization files."""
    return [d for f in files if f.path.name != "kustomization.yaml" for d in f.documents]


def render(files: list[ManifestFile]) -> str:
    return _dump(objects(files))


def write(files: list[ManifestFile], out_dir: Path) -> list[Path]:
    written = []
    for item in files:
        path = out_dir / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(list(item.documents)))
        written.append(path)
    return written


def apply(text: str, namespace: str, kubeconfig: str | None, context: str | None) -> int:
    """Server-side apply as our own field manager, taking over fields someone edited by hand."""
    command = ["kubectl"]
    if kubeconfig:
        command += ["--kubeconfig", kubeconfig]
    if context:
        command += ["--context", context]
    command += ["apply", "--server-side", "--force-conflicts", f"--field-manager={FIELD_MANAGER}", "-f", "-"]
    try:
        done = subprocess.run(command, input=text, text=True, check=False)
    except FileNotFoundError:
        reporting.say("error: kubectl is not on PATH; use --yaml to print the manifests instead")
        return 1
    if done.returncode != 0:
        reporting.say("error: kubectl apply failed (see above)")
        return done.returncode
    reporting.say(
        f"The SchemaHero operator is installed in namespace {namespace}; watch it start with\n"
        f"  kubectl -n {namespace} rollout status deployment/{DEPLOYMENT}"
    )
    return 0


def _kustomization(folder: Path, out: Path) -> list[ManifestFile]:
    """The files a kustomization lists, depth first; a folder lands in a subfolder of its name."""
    kustomization = yaml.load((folder / "kustomization.yaml").read_text(), Loader=_Loader)
    unsupported = set(kustomization) - {"apiVersion", "kind", "resources"}
    if unsupported:
        raise SystemExit(f"error: {folder}/kustomization.yaml: only resources are read, not {unsupported}")
    resources = [str(r) for r in kustomization.get("resources") or []]
    listed = [Path(r).name if (folder / r).is_dir() else r for r in resources]
    files = [ManifestFile(out / "kustomization.yaml", ({**kustomization, "resources": listed},))]
    for resource, name in zip(resources, listed, strict=True):
        source = folder / resource
        if source.is_dir():
            files += _kustomization(source, out / name)
        else:
            documents = tuple(d for d in yaml.load_all(source.read_text(), Loader=_Loader) if d)
            files.append(ManifestFile(out / name, documents))
    return files


def _in_namespace(document: Document, namespace: str) -> Document:
    """The object moved to `namespace`, as kustomize's namespace transformer moves it."""
    if document.get("kind") == "Kustomization":
        return document
    moved = copy.deepcopy(document)
    metadata = moved.setdefault("metadata", {})
    if moved.get("kind") == "Namespace":
        metadata["name"] = namespace
    elif "namespace" in metadata:
        metadata["namespace"] = namespace
    for subject in moved.get("subjects") or []:
        if subject.get("kind") == "ServiceAccount":
            subject["namespace"] = namespace
    return moved


def _namespace(text: str) -> str:
    if not _NAMESPACE_NAME.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a namespace name (lowercase RFC 1123 label)")
    return text


def _dump(documents: list[Document]) -> str:
    return yaml.dump_all(documents, Dumper=_Dumper, sort_keys=False, width=100)
