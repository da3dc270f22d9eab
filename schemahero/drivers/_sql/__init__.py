"""What every SQL driver shares: quoting identifiers and printing literals."""

from schemahero.drivers._sql.literals import literal
from schemahero.drivers._sql.quoting import Quoter

__all__ = ["Quoter", "literal"]
