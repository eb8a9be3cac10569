"""Work run in a thread beside the caller's (Arrow kernels and file writes let go of the interpreter lock)."""
from __future__ import annotations

import threading
from typing import Callable


class Background:
    """`work(*args)` run in a thread; `wait()` returns once it is done and raises what it raised; `result` is
    what it returned."""

    apart = False       # runs in this process (reports.stream_writer.Apart: in another)

    def __init__(self, work: Callable, *args):
        self._error: BaseException | None = None
        self.result = None
        self._thread = threading.Thread(target=self._run, args=(work, args), daemon=True)
        self._thread.start()

    def _run(self, work: Callable, args: tuple) -> None:
        try:
            self.result = work(*args)
        except BaseException as e:      # noqa: BLE001 - handed to the waiting thread
            self._error = e

    def wait(self, raising: bool = True) -> None:
        self._thread.join()
        if raising and self._error is not None:
            raise self._error
