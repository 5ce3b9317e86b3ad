"""Calling the learner's function: a time limit, captured prints and warnings, a line count."""

from __future__ import annotations

import contextlib
import ctypes
import inspect
import io
import signal
import sys
import sysconfig
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ...engine.pooling import pool2d

# -- calling the learner's function ----------------------------------------------


class _TimeUp(BaseException):
    """Raised inside the learner's function when its time is up.

    A BaseException, so that a learner's ``except Exception`` cannot swallow it.
    """


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None
    timed_out: bool = False
    printed: str = ""
    warned: list[str] = field(default_factory=list)
    lines: int = 0
    called_coursekit: bool = False


def library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs.add(str(Path(__file__).resolve().parents[2]))  # coursekit itself
    return tuple(str(Path(d).resolve()) for d in dirs)


class LineCounter:
    """A trace function counting the Python lines run in the learner's own code."""

    def __init__(self):
        self.lines = 0
        self.called_coursekit = False
        self._libs = library_dirs()
        self._mine: dict[str, bool] = {}

    def _is_learner(self, filename: str) -> bool:
        known = self._mine.get(filename)
        if known is None:
            known = not (filename.startswith("<frozen") or filename.startswith(self._libs))
            self._mine[filename] = known
        return known

    def __call__(self, frame, event, arg):
        if event != "call":
            return None
        filename = frame.f_code.co_filename
        if frame.f_code is pool2d.__code__:
            self.called_coursekit = True
        return self._local if self._is_learner(filename) else None

    def _local(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self._local


def _run(fn, args, outcome: Outcome, counter: LineCounter | None):
    """Call ``fn(*args)``, tracing it if asked; store its result or error in ``outcome``."""
    old_trace = sys.gettrace()
    try:
        if counter is not None:
            sys.settrace(counter)
        try:
            outcome.result = fn(*args)
        finally:
            if counter is not None:
                sys.settrace(old_trace)
    except _TimeUp:
        outcome.timed_out = True
    except (Exception, SystemExit) as err:  # noqa: BLE001 - any error of the learner's code
        outcome.error = err


def call(fn, args, limit: float, counter: LineCounter | None = None) -> Outcome:
    """Run the learner's function with a time limit; never raises (but Ctrl-C).

    Its prints and warnings are captured into the outcome, to be shown with
    the failing case rather than thousands of times over.
    """
    outcome = Outcome()
    buffer = io.StringIO()
    with (
        contextlib.redirect_stdout(buffer),
        contextlib.redirect_stderr(buffer),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            _call_with_timer(fn, args, limit, outcome, counter)
        else:
            _call_in_thread(fn, args, limit, outcome, counter)
    outcome.printed = buffer.getvalue()
    outcome.warned = [f"{w.category.__name__}: {w.message}" for w in caught]
    if counter is not None:
        outcome.lines, outcome.called_coursekit = counter.lines, counter.called_coursekit
    return outcome


def _call_with_timer(fn, args, limit, outcome, counter) -> None:
    """In the main thread (where a kernel runs cells): a timer signal stops the call.

    The signal interrupts Python loops and sleeps alike.
    """

    def alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit)
            _run(fn, args, outcome, counter)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:  # the timer fired just as the function returned
        outcome.timed_out = True
    finally:
        signal.signal(signal.SIGALRM, previous)


def _call_in_thread(fn, args, limit, outcome, counter) -> None:
    """Elsewhere: a worker thread, given up on after ``limit`` seconds.

    An exception is then planted in the worker, which stops a Python loop at
    once (a sleep or a long NumPy call finishes first). The worker is a daemon,
    so it never keeps the interpreter from exiting.
    """
    worker = threading.Thread(target=_run, args=(fn, args, outcome, counter), daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        outcome.timed_out = True
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident), ctypes.py_object(_TimeUp)
        )


def binds(fn, n_args: int) -> str:
    """Why ``fn`` cannot be called with ``n_args`` positional arguments, or ""."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ""
    try:
        sig.bind(*range(n_args))
    except TypeError as err:
        return f"{getattr(fn, '__name__', 'your function')}{sig} cannot be called so ({err})"
    return ""
