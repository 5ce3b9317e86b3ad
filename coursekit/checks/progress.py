"""The progress table: every part of the course, done or not yet, read back from the store.

Where progress is kept, and how a save survives a damaged file or two kernels
at once, is :mod:`coursekit.checks.store`; this module joins it with the
registry's list of parts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from .._render import MUTED
from .registry import PARTS, notebook_of
from .store import ENV_VAR, progress_path, record, solved_so_far

__all__ = ["ENV_VAR", "Progress", "all_parts", "progress", "progress_path", "record"]


def all_parts() -> dict[str, str]:
    """Every checked part of the course, in course order: part id -> title.

    Read from the one registry, :data:`coursekit.checks.registry.PARTS`.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> parts = all_parts()
    >>> parts["9.1"]
    'two loops over one map'
    """
    return dict(PARTS)


def _notebook_key(part: str) -> tuple[str, str]:
    nb = notebook_of(part)
    return ("~", part) if nb == "other" else (nb, part)


@dataclass(frozen=True)
class Progress:
    """What :func:`progress` returns: shown as a table in Jupyter, text elsewhere.

    Attributes
    ----------
    path : pathlib.Path
        The progress file.
    rows : tuple of (str, str, str, str) tuples
        ``(notebook, part, title, first_solved)`` for every part, in course
        order; ``first_solved`` is an ISO time (UTC) or ``""`` when not yet.
    note : str
        A problem with the file, or ``""``.
    """

    path: Path
    rows: tuple[tuple[str, str, str, str], ...]
    note: str = ""

    @property
    def done(self) -> list[str]:
        """Part ids of the course solved, in course order (parts it no longer has: not counted)."""
        return [part for nb, part, _, first in self.rows if first and nb != "other"]

    @property
    def todo(self) -> list[str]:
        """Part ids not solved yet, in course order."""
        return [part for _, part, _, first in self.rows if not first]

    @property
    def total(self) -> int:
        """How many parts the course has (rows of parts it no longer has are not counted)."""
        return sum(nb != "other" for nb, _, _, _ in self.rows)

    def __repr__(self) -> str:
        lines = [
            f"Progress: {len(self.done)} of {self.total} parts done",
            f"  saved in {self.path}",
        ]
        if self.note:
            lines.append(f"  note: {self.note}")
        notebook = None
        width = max((len(part) for _, part, _, _ in self.rows), default=0)
        for nb, part, title, first in self.rows:
            if nb != notebook:
                notebook = nb
                lines.append(nb)
            status = "done" if first else "not yet"
            lines.append(f"  {part:<{width}}  {status:<7}  {title}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = 'style="padding:2px 10px;text-align:left"'
        body = []
        notebook = None
        for nb, part, title, first in self.rows:
            label = ""
            if nb != notebook:
                notebook = nb
                known = nb != "other"
                label = (
                    f'<a href="{html.escape(nb)}.ipynb">{html.escape(nb)}</a>'
                    if known
                    else html.escape(nb)
                )
            status = (
                f'<span style="color:#1a7f37" title="first solved {html.escape(first)}">'
                "&#10004; done</span>"
                if first
                else f'<span style="color:{MUTED}">not yet</span>'
            )
            rule = ' style="border-top:1px solid #ccc"' if label else ""
            body.append(
                f"<tr{rule}><td {cell}>{label}</td><td {cell}><code>{html.escape(part)}</code></td>"
                f"<td {cell}>{html.escape(title)}</td><td {cell}>{status}</td></tr>"
            )
        note = (
            '<div class="ck-progress-note" style="color:#b35900">'
            f"Note: {html.escape(self.note)}</div>"
            if self.note
            else ""
        )
        return (
            '<div class="ck-progress" style="font-family:sans-serif">'
            f"<b>{len(self.done)} of {self.total} parts done</b> "
            f"<small>(saved in <code>{html.escape(str(self.path))}</code>)</small>{note}"
            '<table style="border-collapse:collapse;margin-top:4px">'
            f"<tr><th {cell}>notebook</th><th {cell}>part</th><th {cell}>what</th>"
            f"<th {cell}>status</th></tr>" + "".join(body) + "</table></div>"
        )


def progress() -> Progress:
    """Every checked part of the course (lessons' try-its, notebook 09's steps, the
    exercises' parts), done or not yet, and where that is saved.

    Returns
    -------
    Progress
        Shown as a table in Jupyter and as text elsewhere; ``.done`` and
        ``.todo`` list the part ids, ``.path`` is the file.

    Notes
    -----
    Reads the file without locking (saves replace it atomically, so it is
    always whole) and adds the parts solved in this session, which matters
    when the file cannot be written. Parts found in the file that the course
    no longer has are listed at the end.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> path = os.path.join(tempfile.mkdtemp(), "progress.json")
    >>> with mock.patch.dict("os.environ", {"COURSEKIT_PROGRESS": path}):
    ...     report = progress()
    >>> report.path.name, len(report.rows) >= 5
    ('progress.json', True)
    """
    path, solved, note = solved_so_far()
    parts = all_parts()
    for part in sorted(set(solved) - set(parts), key=_notebook_key):
        parts[part] = "(not in this version of the course)"
    rows = tuple(
        (notebook_of(part), part, title, solved.get(part, "")) for part, title in parts.items()
    )
    return Progress(path=path, rows=rows, note=note)
