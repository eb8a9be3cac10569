"""Vectorized pandas backend: conditions as boolean column arithmetic over the fact table."""
from casereview.engine.backends.vector.decide import VectorBackend

BACKEND = VectorBackend()
