"""Commands against a cluster: get, describe, approve, reject and recalculate SchemaHero objects.

They read the kubeconfig ($KUBECONFIG, --kubeconfig, ~/.kube/config) or the pod's service
account, through kubernetes_asyncio: the client library the operator uses too, so that the
project depends on one (it comes with the `operator` extra).
"""
