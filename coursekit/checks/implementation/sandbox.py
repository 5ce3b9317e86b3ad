"""Calling the learner's function: a time limit, captured prints and warnings, a line count."""

from __future__ import annotations

import contextlib
import ctypes
import dis
import importlib
import inspect
import io
import os
import pickle
import select
import signal
import struct
import sys
import sysconfig
import threading
import time
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
    took_min: bool = False  # called min pooling, np.min, ndarray.min or min() itself
    max_pooled: bool = False  # called pool2d with mode "max" (or torch's max pooling)


def library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs.add(str(Path(__file__).resolve().parents[2]))  # coursekit itself
    return tuple(str(Path(d).resolve()) for d in dirs)


_LIBRARIES = library_dirs()


_MINIMA = ("min", "amin", "nanmin", "minimum")
_ENGINE = str(Path(__file__).resolve().parents[2] / "engine")
_TORCH = f"{os.sep}torch{os.sep}"
# The hooks as they are at import: in a forked child, sys.setprofile and
# sys.settrace are replaced by no-ops, so the learner's code cannot switch
# off the hooks that watch it; the check keeps these originals.
_SETPROFILE, _SETTRACE = sys.setprofile, sys.settrace


def _ignored(*args, **kwargs) -> None:
    """What sys.setprofile and sys.settrace do for the learner's code in a forked child."""


def _pooling_key(frame, code) -> bool:
    """Whether this call is a ready-made pooling: coursekit's engine or torch's."""
    if code is pool2d.__code__:
        return True
    name = code.co_name.lower()
    if "pool" not in name:
        return False
    if code.co_filename.startswith(_ENGINE):
        return _learners(frame.f_back)  # the learner called it (not pool2d's own helpers)
    return _TORCH in code.co_filename


def _pooling_builtin(arg) -> bool:
    """torch.max_pool2d and its kin, which are C functions."""
    try:
        module = getattr(arg, "__module__", None) or ""
        return "pool" in str(getattr(arg, "__name__", "")).lower() and module.startswith("torch")
    except Exception:  # noqa: BLE001 - a strange callable: not a pooling of torch
        return False


def imported_modules(fn) -> set[str]:
    """The top-level modules ``fn``'s code (and the functions defined in it) imports."""
    names, stack, seen = set(), [getattr(fn, "__code__", None)], 0
    while stack and seen < 200:
        code, seen = stack.pop(), seen + 1
        if not inspect.iscode(code):
            continue
        for ins in dis.get_instructions(code):
            if ins.opname == "IMPORT_NAME" and isinstance(ins.argval, str):
                names.add(ins.argval.split(".")[0])
        stack.extend(const for const in code.co_consts if inspect.iscode(const))
    return names


def warm_imports(fn) -> None:
    """Import what ``fn`` imports before it is timed: a first ``import torch`` takes seconds.

    Called in the forked child before its first step (which has the child's
    start-up time, 30 s), so the time limits measure the function, not imports.
    """
    try:
        modules = sorted(imported_modules(fn))
    except Exception:  # noqa: BLE001 - no code to read
        return
    for name in modules[:20]:
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - the function will meet the same error itself
            pass


def _is_minimum(fn) -> bool:
    """min(), ndarray.min, np.minimum and its methods (np.minimum.reduce)."""
    owner = getattr(fn, "__self__", None)
    return getattr(fn, "__name__", "") in _MINIMA or getattr(owner, "__name__", "") in _MINIMA


def _learners(frame) -> bool:
    """Whether ``frame`` runs the learner's own code (not a library's)."""
    if frame is None:
        return False
    name = frame.f_code.co_filename
    return not (name.startswith("<frozen") or name.startswith(_LIBRARIES))


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
    old_trace, old_profile = sys.gettrace(), sys.getprofile()

    def watch(frame, event, arg):  # notes the answer key, and a minimum taken by the learner
        if event == "call":
            code = frame.f_code
            if code is pool2d.__code__:
                mode = frame.f_locals.get("mode", "max")
                outcome.took_min = outcome.took_min or mode == "min"
                outcome.max_pooled = outcome.max_pooled or mode == "max"
            if _pooling_key(frame, code):
                outcome.called_coursekit = True
                if _TORCH in code.co_filename and "max" in code.co_name:
                    outcome.max_pooled = True  # torch's max pooling is max pooling too
            elif code.co_name in _MINIMA and "numpy" in code.co_filename:
                outcome.took_min = outcome.took_min or _learners(frame.f_back)
        elif event == "c_call":
            if _is_minimum(arg):
                outcome.took_min = outcome.took_min or _learners(frame)
            if _pooling_builtin(arg):
                outcome.called_coursekit = True
                outcome.max_pooled = outcome.max_pooled or "max" in str(arg.__name__)

    try:
        if counter is not None:
            _SETTRACE(counter)
        if _in_child:  # a profile hook slows every call a little: only where it cannot leak
            _SETPROFILE(watch)
        try:
            outcome.result = fn(*args)
        finally:
            if _in_child:
                _SETPROFILE(old_profile)
            if counter is not None:
                _SETTRACE(old_trace)
    except _TimeUp:
        outcome.timed_out = True
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - anything the learner's code raises
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
        outcome.lines = counter.lines
        outcome.called_coursekit = outcome.called_coursekit or counter.called_coursekit
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


# -- a forked child, so that nothing the learner's code does can hang the kernel --------

#: Seconds a step may run past its own limit before the child is killed (the timer
#: signal inside the child normally stops it first; a bare ``except:`` in a loop
#: swallows that signal, and then only the kill stops it).
GRACE = 1.0
_in_child = False


def can_watch() -> bool:
    """Whether the call just made was watched by the profile hook (in a forked child)."""
    return _in_child


def can_fork() -> bool:
    """Whether checks run in a forked child: POSIX with fork (Linux, macOS), not nested.

    Elsewhere (Windows) the learner's function runs in the kernel itself, under
    a timer signal or in a worker thread: a time-out still stops a plain loop,
    but a bare ``except:`` around the loop can swallow it there.
    """
    return (
        hasattr(os, "fork")
        and sys.platform != "win32"
        and not _in_child
        and os.environ.get("COURSEKIT_NO_FORK", "") == ""
    )


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _child(fd: int, work) -> None:
    global _in_child
    _in_child = True
    sys.setprofile = sys.settrace = _ignored  # the learner cannot switch the watch off
    sink = io.StringIO()
    sys.stdout = sys.stderr = sink  # never the kernel's streams from a forked child
    try:
        value = work(lambda tag, limit: _send(fd, ("beat", (tag, float(limit)))))
        _send(fd, ("done", value))
    except BaseException as err:  # noqa: BLE001 - report anything, then leave
        try:
            _send(fd, ("error", f"{type(err).__name__}: {err}"))
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(0)


def isolated(work, startup: float = 30.0):
    """Run ``work(beat)`` in a forked child process and return what it returns.

    ``work`` calls ``beat(tag, limit)`` before each step that runs the
    learner's code; the step may then take ``limit`` seconds (plus
    :data:`GRACE`) before the child is killed. Returns ``("done", value)``,
    ``("hung", tag)`` for the step that did not finish, or ``("died", text)``
    when the child ended without an answer. Without fork, ``work`` runs here
    and its value is returned as ``("done", value)``.
    """
    if not can_fork():
        return "done", work(lambda tag, limit: None)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(write_fd, work)
    os.close(write_fd)
    tag, deadline, buffer = None, time.monotonic() + startup, b""
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "hung", tag
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                return "died", "the process running your function ended without an answer"
            buffer += chunk
            while len(buffer) >= 8:
                (size,) = struct.unpack("!Q", buffer[:8])
                if len(buffer) < 8 + size:
                    break
                kind, payload = pickle.loads(buffer[8 : 8 + size])
                buffer = buffer[8 + size :]
                if kind == "beat":
                    tag, limit = payload
                    deadline = time.monotonic() + limit + GRACE
                elif kind == "done":
                    return "done", payload
                else:
                    return "died", payload
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)


def safe_name(err: BaseException) -> str:
    """The name of an exception's type, whatever the exception does."""
    try:
        return type(err).__name__
    except BaseException:  # noqa: BLE001
        return "an error"


def safe_text(err: BaseException) -> str:
    """``str(err)``, or a note when even that raises."""
    try:
        text = str(err)
    except BaseException:  # noqa: BLE001 - an exception whose __str__ raises
        return "(its message could not be shown)"
    return text if len(text) <= 300 else text[:297] + "..."
