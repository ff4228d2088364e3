"""``python -m revitalize.examples [copy DIR]``: list the shipped examples, or copy them."""

import sys

from revitalize.examples import _main

raise SystemExit(_main(sys.argv[1:]))
