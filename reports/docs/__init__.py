"""docs/*.md generated from the schema, the facts catalogue and the pack (python -m casereview.reports.docs)."""
