"""``python -m entnorm``: the same command line as ``entnorm``."""

import sys

from .cli import main

sys.exit(main())
