"""``python -m irm``: the same as the ``irm`` command."""

import sys

from irm.cli import main

sys.exit(main())
