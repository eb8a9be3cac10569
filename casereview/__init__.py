"""casereview: 案卷评查引擎 command line."""
