"""durable_rules backend: branches compiled to durable's JSON rulesets, one state per case."""
from casereview.engine.backends.durable.decide import DurableBackend

BACKEND = DurableBackend()
