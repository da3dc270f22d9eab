"""The OCI registry answers the distribution API's version check."""

from __future__ import annotations

import json
import urllib.request

from tests.servers.registry import RegistryServer


def test_registry_answers_v2(oci_registry: RegistryServer) -> None:
    with urllib.request.urlopen(f"{oci_registry.url}/v2/", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Docker-Distribution-Api-Version"] == "registry/2.0"
    with urllib.request.urlopen(f"{oci_registry.url}/v2/_catalog", timeout=5) as response:
        assert json.load(response) == {"repositories": []}
