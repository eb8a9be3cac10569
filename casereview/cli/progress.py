"""Progress of long review stages: a rich bar with counts and rate on a terminal, nothing otherwise."""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, \
    TextColumn, TimeElapsedColumn
from rich.text import Text

from casereview.engine.run.stages import STAGE_LABELS

STAGES = STAGE_LABELS


class RateColumn(ProgressColumn):
    """Case files per second over the stage so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / elapsed:,.0f} 件/秒", style="progress.data.speed")


class StageProgress:
    """A context manager and a `progress(stage, done, total)` callback (as engine.review.review takes).

    Shown only when `console` is a terminal and not `quiet`; otherwise every call is a no-op, so
    piped or redirected output holds nothing but what the caller prints. `total=None` means the
    count is not known yet (the bar pulses).
    """

    def __init__(self, *, quiet: bool = False, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = not quiet and self.console.is_terminal
        self._bar: Progress | None = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "StageProgress":
        if self.enabled:
            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("件"), RateColumn(), TimeElapsedColumn(),
                                 console=self.console, transient=False)
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if self._bar is None:
            return
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._bar.add_task(STAGES.get(stage, stage), total=total)
        self._bar.update(task, completed=done, total=total)
        if total is not None and done >= total:
            self._bar.stop_task(task)
