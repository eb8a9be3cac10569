"""The backends by name, in the order the CLI offers them, and the one lookup every caller uses."""
from __future__ import annotations

from casereview.engine.backends import dask, durable, vector
from casereview.engine.backends.base import Backend
from casereview.errors import UsageError

BACKENDS: dict[str, Backend] = {b.name: b for b in (vector.BACKEND, durable.BACKEND, dask.BACKEND)}


def get_backend(name: str) -> Backend:
    """The backend called `name`; a UsageError (exit 4) in Chinese naming the choices when it is
    unknown or cannot run here."""
    choices = "、".join(BACKENDS)
    backend = BACKENDS.get(name)
    if backend is None:
        raise UsageError(f"未知引擎“{name}”（可选：{choices}）")
    if not backend.available():
        runnable = "、".join(n for n, b in BACKENDS.items() if b.available())
        raise UsageError(f"引擎 {name}（{backend.label}）在本机不可用：{backend.unavailable_reason()}"
                         f"（本机可用：{runnable}）")
    return backend
