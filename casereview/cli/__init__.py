"""The casereview command line: one module per command."""
