"""``python -m geodata.postgis load FILE.gpkg DSN [--schema S] [--replace]``."""

import sys

from geodata.postgis.load import main

sys.exit(main())
