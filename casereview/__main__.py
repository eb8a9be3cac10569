"""`python -m casereview` runs the command line."""
import sys

from casereview.cli import main

sys.exit(main())
