"""The command line: `kubectl-schemahero`, also installed as `schemahero`."""
