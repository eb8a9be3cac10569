"""`python -m casereview` runs the command line."""
import sys

from casereview.cli.main import main

sys.exit(main())
