"""Rule model, expression language, backends, scoring and aggregation."""
