"""The joined findings.csv written around the page cache where the system allows, beside the reading of its parts.

Gigabytes written through the page cache cost more kernel CPU than formatting them (each byte copied into the
cache, dirty pages, writeback racing the writer): on the benchmark machine a 6 GB join took 5-18 s of system time
buffered, and under 1 s of it with O_DIRECT. A DirectFile gathers what is written in page-aligned buffers and a
thread writes each full buffer straight to disk while the next one fills; the last partial block goes through the
page cache at close. Where direct I/O is refused (tmpfs, some file systems, a device wanting other alignment)
the same file descriptor goes on through the page cache from where it stopped: the bytes are the same either way.

Each buffer costs the joining thread a few hand-overs of the interpreter lock; beside a thread busy in Python
(the reports) each waits up to Python's 5 ms switch interval: with 4 MiB buffers a 6 GB join took 27 s beside a
busy thread, with 32 MiB ones 7.4 s (5 s alone). A streamed run with worker processes joins in a process of its
own (reports.stream_writer).
"""
from __future__ import annotations

import errno
import mmap
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

BLOCK = 1 << 25      # one buffer; a full one is written at once
ALIGN = 4096         # direct writes start and end on multiples of this (every usual logical block size)
DIRECT = getattr(os, "O_DIRECT", 0)      # 0 where the system has no such flag: plain writes


class DirectFile:
    """A new file, written front to back: `write` bytes-like objects (or `copy_into` files), then `close`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd, self._direct = _open(self.path)
        self._bufs = [mmap.mmap(-1, BLOCK), mmap.mmap(-1, BLOCK)]     # anonymous memory is page-aligned
        self._fill = 0
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="direct-file")
        self._pending: Future | None = None

    def write(self, data) -> None:
        view = memoryview(data).cast("B")
        while len(view):
            space = self.space()
            n = min(len(view), len(space))
            space[:n] = view[:n]
            view = view[n:]
            self.filled(n)

    def space(self) -> memoryview:
        """The free end of the buffer being filled: write into it, then call `filled`."""
        return memoryview(self._bufs[0])[self._fill:]

    def filled(self, n: int) -> None:
        self._fill += n
        if self._fill == BLOCK:
            self._wait()
            self._pending = self._writer.submit(self._write, self._bufs[0], BLOCK)
            self._bufs.reverse()
            self._fill = 0

    def close(self) -> None:
        try:
            self._wait()
            if self._direct:
                self._write(self._bufs[0], self._fill - self._fill % ALIGN)
                self._bufs[0].move(0, self._fill - self._fill % ALIGN, self._fill % ALIGN)
                self._fill %= ALIGN
                _through_cache(self._fd)
            self._write(self._bufs[0], self._fill)
        finally:
            self._writer.shutdown()
            os.close(self._fd)
            for buf in self._bufs:
                buf.close()

    def __enter__(self) -> DirectFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait(self) -> None:
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def _write(self, buf: mmap.mmap, n: int) -> None:
        """The first n bytes of `buf` written (a multiple of ALIGN while direct)."""
        done = 0
        while done < n:
            try:
                done += os.write(self._fd, memoryview(buf)[done:n])
            except OSError as e:
                if not (self._direct and e.errno == errno.EINVAL):
                    raise
                _through_cache(self._fd)
                self._direct = False


def copy_into(out: DirectFile, path: Path) -> None:
    """The whole file `path` appended to `out`, read straight into its buffer."""
    with open(path, "rb", buffering=0) as src:
        while n := src.readinto(out.space()):
            out.filled(n)


def _open(path: Path) -> tuple[int, bool]:
    """The file created for direct writes if the system allows it, else as usual; and which it is."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    if DIRECT:
        try:
            return os.open(path, flags | DIRECT, 0o666), True
        except OSError as e:
            if e.errno != errno.EINVAL:
                raise
    return os.open(path, flags, 0o666), False


def _through_cache(fd: int) -> None:
    import fcntl     # only where O_DIRECT exists (Linux)

    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~DIRECT)
