"""`python -m schemahero.operator`: run the operator (see --help for the flags)."""

import sys

from schemahero.operator.cli import main

sys.exit(main())
