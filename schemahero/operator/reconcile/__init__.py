"""The reconcilers: async orchestration of API reads, driver calls and status writes.

Decisions are made by the pure modules beside this package (planning, applying, connecting);
the handlers that kopf calls only pick a reconciler.
"""
