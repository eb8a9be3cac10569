"""Backends compiling the rule model: vectorized pandas and durable_rules."""
