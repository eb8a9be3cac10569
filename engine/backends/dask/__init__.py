"""Dask backend: the vector backend run per case-contiguous partition of the fact table on a Dask cluster."""
from casereview.engine.backends.dask.decide import DaskBackend

BACKEND = DaskBackend()
