"""The SchemaHero operator, on kopf: `python -m schemahero.operator --help`.

Handlers (handlers.py) are thin and call the reconcilers (reconcile/), which do the I/O: the
Kubernetes API (kube.py: plain JSON over aiohttp, with the credentials kopf logs in with),
drivers (schemahero.plugins) and Events. What to do is decided by pure modules: planning (a
source's plan to a Migration), applying (a Migration's approval and outcome), connecting (a
Database's conditions), policies (approval and drift settings), drifts (what a re-plan means).
"""
