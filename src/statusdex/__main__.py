"""``python -m statusdex``: the same as the ``statusdex`` command."""

import sys

from statusdex.cli.main import main

sys.exit(main())
