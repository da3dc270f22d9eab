"""Commands against a cluster: get, describe, approve, reject and recalculate SchemaHero objects.

They read the kubeconfig ($KUBECONFIG, --kubeconfig, ~/.kube/config) or the pod's service
account, through kubernetes_asyncio (the `cluster` extra). The operator does not use it: it
speaks to the API server with aiohttp under kopf's own login, which keeps its image and memory
smaller.
"""
