"""The one diff algorithm: model x model -> typed changes, with small per-engine hooks."""

from schemahero.diffing.database import DatabaseAttrs
from schemahero.diffing.diff import diff, with_renamed_columns
from schemahero.diffing.hooks import Hooks
from schemahero.diffing.ordering import order

__all__ = ["DatabaseAttrs", "Hooks", "diff", "order", "with_renamed_columns"]
