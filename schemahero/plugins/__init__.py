"""Finding and starting drivers: in-tree by entry point, or a plugin executable as a subprocess."""

from schemahero.plugins.in_tree import engines
from schemahero.plugins.resolution import open_driver

__all__ = ["engines", "open_driver"]
