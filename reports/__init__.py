"""Writers of the run folder and of reports people read."""
