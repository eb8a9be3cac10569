"""Fast fixed-width text for generated ids: digits and constants assembled as code points."""
from __future__ import annotations

import numpy as np


def digits(x, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers, as an (n, width) code-point matrix."""
    x = np.asarray(x, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((x[:, None] // powers) % 10 + ord("0")).astype(np.uint32)


def chars(s, n: int = 0) -> np.ndarray:
    """A constant string, or an array of equal-length strings, as an (n, len) code-point matrix."""
    if isinstance(s, str):
        return np.broadcast_to(np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32), (n, len(s)))
    s = np.asarray(s).astype(str)
    width = s.dtype.itemsize // 4
    return s.view(np.uint32).reshape(len(s), width)


def text(n: int, *parts) -> np.ndarray:
    """Concatenate parts (str constants or code-point matrices) into an object array of n strings."""
    mats = [chars(p, n) if isinstance(p, str) else p for p in parts]
    m = np.ascontiguousarray(np.concatenate(mats, axis=1)) if mats else np.zeros((n, 0), np.uint32)
    return m.view(f"<U{m.shape[1]}").ravel().astype(object)


def serial_ids(prefix: str, n: int, width: int) -> np.ndarray:
    """prefix + 1..n zero-padded to width."""
    return text(n, prefix, digits(np.arange(1, n + 1), width))
