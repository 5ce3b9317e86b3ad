"""What the learner has done: parts tried in this kernel, parts accepted, kept on disk.

Every accepted answer calls :func:`record`, which adds the part to a small
JSON file in the learner's home; :func:`mark_tried` counts an attempt (right
or wrong) in this kernel, which opens ``solution(part)``. This module knows
nothing of the registry: the checks write here, and
:func:`coursekit.checks.progress.progress` reads it back as a table of the
course's parts.

Where the file lives: ``$COURSEKIT_PROGRESS`` (the full path of the file) when
set, else ``~/.local/share/coursekit/progress.json`` (``$XDG_DATA_HOME`` is
honoured in place of ``~/.local/share``). Never inside the course repository:
a path there is refused, so a learner's progress is never committed.

Saving must never break a check. Two kernels may save at the same moment, so
each save takes an exclusive lock on a side file (``progress.json.lock``),
re-reads the file, adds the part and replaces the file atomically (a
temporary file, then ``os.replace``): no record is lost and no reader sees
half a file. A damaged record (one part's entry that is not what this module
writes) is set aside under ``"set_aside"`` in the same file, said once, and
the other records and later saves go on. A damaged file is moved aside to a
new name (``progress.json.damaged-<time>``, printed) and a fresh one
started; a location that cannot be written keeps the parts of this session
in memory. Either problem is printed once, as a plain note (not a Python
warning), and shown in the progress table; the check still answers.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

try:  # POSIX; elsewhere saves are atomic but not locked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

__all__ = [
    "ENV_VAR",
    "done_parts",
    "mark_tried",
    "progress_path",
    "record",
    "solved_so_far",
    "tried",
]

#: Environment variable holding the full path of the progress file.
ENV_VAR = "COURSEKIT_PROGRESS"

_FORMAT = 1
_MAX_FILE = 5_000_000  # bytes: a progress file is a few kB
_ROOT = Path(__file__).resolve().parents[2]

# Parts accepted in this process, kept even when the file cannot be written;
# those not saved yet are added to the file at the next save that works.
_session: dict[str, str] = {}
_unsaved: dict[str, str] = {}
# Problems already printed (once each), and the latest problem per file as
# (kind, text); a later successful save clears the kinds it disproves.
_printed: set[tuple[str, str]] = set()
_problems: dict[str, tuple[str, str]] = {}
# Parts tried in this kernel (a real answer: not the placeholder, None, an
# unfilled template or a demo call).
_tried: set[str] = set()


def mark_tried(part: str) -> None:
    """Count one attempt at ``part`` (so that ``solution(part)`` opens); "" counts nothing."""
    if part:
        _tried.add(part)


def tried(part: str) -> bool:
    """Whether ``part`` was attempted in this kernel or accepted before (saved or not)."""
    return part in _tried or part in done_parts()


def progress_path() -> Path:
    """Where the progress file is: ``$COURSEKIT_PROGRESS`` or the default.

    Returns
    -------
    pathlib.Path
        ``$COURSEKIT_PROGRESS`` when set and not empty, else
        ``$XDG_DATA_HOME/coursekit/progress.json``, where ``$XDG_DATA_HOME``
        defaults to ``~/.local/share``.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"COURSEKIT_PROGRESS": "/tmp/my-progress.json"}):
    ...     print(progress_path())
    /tmp/my-progress.json
    >>> home = {"COURSEKIT_PROGRESS": "", "XDG_DATA_HOME": "", "HOME": "/home/ada"}
    >>> with mock.patch.dict("os.environ", home):
    ...     print(progress_path())
    /home/ada/.local/share/coursekit/progress.json
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    data_home = Path(base).expanduser() if base else Path.home() / ".local" / "share"
    return data_home / "coursekit" / "progress.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _note(path: Path, kind: str, text: str) -> None:
    """Remember a problem for the table and print it once per file and kind."""
    _problems[str(path)] = (kind, text)
    if (str(path), kind) not in _printed:
        _printed.add((str(path), kind))
        print(f"Note: {text}")


def _inside_repository(path: Path) -> bool:
    if not ((_ROOT / ".git").exists() or (_ROOT / "pyproject.toml").is_file()):
        return False  # an installed package: no repository to protect
    try:
        path.resolve().relative_to(_ROOT)
    except ValueError:
        return False
    return True


def _aside(path: Path) -> Path:
    """Move a damaged file to a new name beside it (never over an older one); return it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for n in range(1000):
        kept = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n else ""))
        if not kept.exists():
            break
    os.replace(path, kept)
    return kept


class _Corrupt(ValueError):
    """The progress file is not what this module writes."""


def _valid(entry) -> bool:
    """Whether a saved record is what :func:`record` writes."""
    if not isinstance(entry, dict):
        return False
    count = entry.get("count", 1)
    return (
        isinstance(entry.get("first"), str)
        and bool(entry.get("first"))
        and isinstance(entry.get("last", ""), str)
        and isinstance(count, int)
        and not isinstance(count, bool)
        and count >= 0
    )


def _parse(text: str) -> tuple[dict[str, dict], dict[str, object]]:
    """The good records and the damaged ones of a progress file's text; raises _Corrupt."""
    if not text.strip():
        return {}, {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        reason = "nested too deeply" if isinstance(err, RecursionError) else err
        raise _Corrupt(f"not valid JSON ({reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("parts"), dict):
        raise _Corrupt('not a progress file (no "parts" mapping)')
    good, damaged = {}, {}
    for part, entry in data["parts"].items():
        (good if _valid(entry) else damaged)[str(part)] = entry
    kept = data.get("set_aside")
    if isinstance(kept, dict):
        for part, entry in kept.items():
            damaged.setdefault(f"{part}", entry)
    elif kept is not None:  # not what this module writes: keep it, and say so
        damaged.setdefault("set_aside", kept)
    return good, damaged


def _read(path: Path) -> tuple[dict[str, dict], dict[str, object]]:
    """Good and damaged records saved in ``path``; empty when missing.

    Raises _Corrupt or OSError.
    """
    try:
        if path.stat().st_size > _MAX_FILE:
            raise _Corrupt(f"larger than {_MAX_FILE // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}
    except UnicodeDecodeError:
        raise _Corrupt("not text") from None
    return _parse(text)


def done_parts() -> set[str]:
    """The parts accepted so far: saved in the file or in this session; never raises."""
    return set(solved_so_far()[1])


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path``'s side lock file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _write(path: Path, parts: dict[str, dict], damaged: dict[str, object]) -> None:
    """Replace ``path`` atomically with ``parts`` (and the damaged records, set aside)."""
    data = {"format": _FORMAT, "parts": parts}
    if damaged:
        data["set_aside"] = damaged
    text = json.dumps(data, indent=1, sort_keys=True, default=repr)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def record(part: str) -> None:
    """Save that ``part`` was solved; never raises.

    Called by the checks for every accepted answer (a :class:`coursekit.Feedback`
    is a plain value and saves nothing), so a notebook rarely calls it directly.

    Parameters
    ----------
    part : str
        The exercise part, e.g. ``"1b"`` or ``"9.3"``. Anything that is not a
        non-empty string is ignored.

    Returns
    -------
    None

    Notes
    -----
    Each part keeps the time it was first and last solved (UTC) and how many
    times. The file is locked while it is read, updated and replaced, so two
    kernels recording at once both keep their parts. Problems (a damaged
    file, a location that cannot be written, a path inside the course
    repository) are printed once and shown by :func:`progress`; the parts of
    this session are still shown from memory.

    Examples
    --------
    >>> import json, os, tempfile
    >>> from unittest import mock
    >>> path = os.path.join(tempfile.mkdtemp(), "progress.json")
    >>> with mock.patch.dict("os.environ", {"COURSEKIT_PROGRESS": path}):
    ...     record("9.1")
    >>> json.load(open(path))["parts"]["9.1"]["count"]
    1
    """
    try:
        _record(part)
    except Exception as err:  # noqa: BLE001 - progress must never break a check
        _note(progress_path(), "error", f"could not save your progress ({err!r}).")


def _record(part) -> None:
    if not isinstance(part, str) or not part.strip():
        return
    part = part.strip()
    now = _now()
    _session.setdefault(part, now)
    _unsaved.setdefault(part, now)
    path = progress_path()
    if _inside_repository(path):
        _note(
            path,
            "repository",
            f"progress is not saved inside the course repository ({path}); "
            f"set {ENV_VAR} to a path outside it. Parts solved now are shown "
            "until the kernel restarts.",
        )
        return
    try:
        with _locked(path):
            try:
                parts, damaged = _read(path)
            except _Corrupt as err:
                kept = _aside(path)
                _note(  # one note per file moved aside: each is a new problem
                    path,
                    f"corrupt {kept.name}",
                    f"your progress file {path} was damaged ({err}); it was moved aside to "
                    f"{kept} and a fresh one started with the parts solved in this session.",
                )
                parts, damaged = {}, {}
                for name, when in _session.items():  # re-save what this kernel accepted
                    _unsaved.setdefault(name, when)
            if damaged:
                _note(
                    path,
                    "record",
                    f"{len(damaged)} damaged record(s) in {path} ("
                    + ", ".join(sorted(map(str, damaged))[:5])
                    + ') were set aside under "set_aside"; the others are kept.',
                )
            for name, when in _unsaved.items():
                entry = parts.setdefault(name, {})
                entry.setdefault("first", when)
                entry["last"] = when
                entry["count"] = entry.get("count", 0) + 1
            _write(path, parts, damaged)
            _unsaved.clear()
    except OSError as err:
        _note(
            path,
            "unwritable",
            f"could not save your progress to {path} ({err.strerror or err}); "
            f"parts solved now are shown until the kernel restarts. Set {ENV_VAR} "
            "to a file you can write.",
        )
        return
    if _problems.get(str(path), ("", ""))[0] in ("unwritable", "error"):
        del _problems[str(path)]


def solved_so_far() -> tuple[Path, dict[str, str], str]:
    """The progress file, its parts with the time each was first solved, and a note.

    Reads without locking (saves replace the file atomically, so it is always
    whole) and adds the parts solved in this session, which matters when the
    file cannot be written. The note names a problem with the file, or is
    ``""``; never raises.
    """
    path = progress_path()
    note = ""
    try:
        saved, _ = _read(path)
    except _Corrupt as err:
        saved = {}
        note = f"the progress file is damaged ({err}); it will be replaced at the next solved part."
    except OSError as err:
        saved = {}
        note = f"could not read the progress file ({err.strerror or err})."
    except Exception as err:  # noqa: BLE001 - a check that asks must still answer
        saved = {}
        note = f"could not read the progress file ({err!r})."
    note = _problems.get(str(path), ("", ""))[1] or note
    solved = {part: str(entry.get("first", "")) or "?" for part, entry in saved.items()}
    for part, when in _session.items():
        solved.setdefault(part, when)
    return path, solved, note
