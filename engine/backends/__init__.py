"""Backends compiling the rule model, one folder each with the same files: vectorized pandas, durable_rules, Dask."""
