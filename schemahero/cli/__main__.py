import sys

from schemahero.cli.main import main

sys.exit(main())
