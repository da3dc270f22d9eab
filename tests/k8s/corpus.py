"""The upstream compat corpus as Kubernetes objects: every spec, wrapped as its kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from schemahero.schema.documents import KIND_GROUPS, kind_for_spec_type, spec_files

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "compat" / "schemahero"


def objects(root: Path = CORPUS) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each spec document of each case; plain specs get wrapped as upstream's
    `kubectl apply` would see them, whole objects pass as they are.
    """
    for case in sorted(root.glob("**/case.yaml")):
        meta = yaml.safe_load(case.read_text())
        kind = kind_for_spec_type(meta.get("spec_type"))
        if not meta.get("spec"):
            continue
        for file in spec_files(case.parent / str(meta["spec"])):
            for number, document in enumerate(yaml.safe_load_all(file.read_text())):
                if not isinstance(document, dict):
                    continue
                where = f"{file.relative_to(root)}[{number}]"
                if "kind" in document:
                    yield where, document
                else:
                    yield (
                        where,
                        {
                            "apiVersion": f"{KIND_GROUPS[kind]}/v1alpha4",
                            "kind": kind,
                            "metadata": {"name": "x"},
                            "spec": document,
                        },
                    )
