"""Build the learners' notebooks from the solved ones: the one source.

``solutions/NN_name.ipynb`` is the source. Code a learner writes stands between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines (nbgrader's markers);
written answers in Markdown between ``<!-- BEGIN SOLUTION -->`` and
``<!-- END SOLUTION -->``. The learners' copy in ``notebooks/`` gets each block
replaced by a placeholder that still runs: every name the block assigns is set
to ``...`` and every function it defines returns ``None``, so the check in the
next cell answers "not answered yet". Outputs and execution counts are dropped.

The solved notebooks are also an nbgrader source, and this module keeps their
nbgrader cell metadata (never edit it by hand):

- a cell with a solution block is a *solution cell*;
- a cell whose last line checks a graded part -- ``check("3a", answer_3a)`` or
  ``check_implementation(fn, ...)`` without ``part=""`` -- is a locked, graded
  *test cell* worth one point, whose hidden test (between ``### BEGIN HIDDEN
  TESTS`` and ``### END HIDDEN TESTS``, inserted here above the visible check)
  asserts that the check accepts the answer.

The learners' copy is what ``nbgrader generate_assignment`` releases with
:class:`tools.nbgrader_course.CourseClearSolutions`: hidden tests removed, cells
locked as nbgrader locks them, checksums as nbgrader computes them
(``tests/test_nbgrader.py`` proves the two agree).

Run ``python -m tools.notebook_build`` (``make notebooks``) to update the
solved notebooks' grading metadata and write the copies, ``--check`` to fail
when either is stale, ``--execute`` to re-run the solved notebooks in place
first (``make execute``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import re
import sys
from pathlib import Path

import nbformat

__all__ = [
    "build",
    "graded_check",
    "grading_metadata",
    "learner_copy",
    "main",
    "solution_blocks",
]

ROOT = Path(__file__).resolve().parent.parent  # the repository root (tools/ is one level down)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MD_PLACEHOLDER = "*Write your answer here.*"
#: nbgrader's cell metadata schema this module writes.
SCHEMA_VERSION = 3
#: Points of one graded check.
POINTS = 1
#: Calls whose result (a coursekit Feedback, ``.ok`` True when accepted) grades a part.
GRADED_CALLS = ("check", "check_beyond", "check_implementation")


class MarkerError(ValueError):
    """A BEGIN marker without its END, or the reverse."""


def _placeholder(block: list[str], indent: str) -> list[str]:
    """Lines that stand in for a solution block and still run."""
    source = "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in block)
    lines = [f"{indent}# YOUR CODE HERE"]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return lines + [f"{indent}pass"]
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            args = ast.unparse(node.args)
            lines.append(f"{indent}def {node.name}({args}):")
            doc = ast.get_docstring(node)
            if doc:
                lines.append(f'{indent}    """{doc}"""')
            lines.append(f"{indent}    return None  # replace with your implementation")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id not in names:
                        names.append(name.id)
    lines += [f"{indent}{name} = ..." for name in names]
    if len(lines) == 1:
        lines.append(f"{indent}pass")
    return lines


def _strip_blocks(text: str, begin: str, end: str, replace) -> str:
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped == begin:
            if block is not None:
                raise MarkerError(f"line {number}: {begin!r} inside another solution block")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == end:
            if block is None:
                raise MarkerError(f"line {number}: {end!r} without {begin!r}")
            out.extend(replace(block, indent))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise MarkerError(f"{begin!r} without {end!r}")
    return "\n".join(out)


def _blocks(text: str, begin: str, end: str) -> list[list[str]]:
    found: list[list[str]] = []
    _strip_blocks(text, begin, end, lambda block, indent: found.append(block) or [])
    return found


def solution_blocks(text: str) -> list[list[str]]:
    """The solution blocks of a cell's source, each as its list of lines."""
    return _blocks(text, BEGIN, END) + _blocks(text, MD_BEGIN, MD_END)


def _text(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _drop(block: list[str], indent: str) -> list[str]:
    return []


def graded_check(source: str) -> tuple[str, str] | None:
    """``(label, call)`` when a cell ends by checking a graded part, else None.

    ``label`` is the part (``"3a"``) or, for ``check_implementation``, the
    name of the checked function; ``call`` is the check call's source. A
    ``check_implementation(..., part="")`` shows a mistake on purpose and is
    not graded.

    >>> graded_check('check("3a", answer_3a)')
    ('3a', 'check("3a", answer_3a)')
    >>> graded_check('check_beyond("16", side)')
    ('16', 'check_beyond("16", side)')
    >>> graded_check('check_implementation(zero_padded, part="")') is None
    True
    """
    visible = _strip_blocks(source, HIDDEN_BEGIN, HIDDEN_END, _drop)
    try:
        tree = ast.parse(visible)
    except SyntaxError:
        return None
    if not tree.body:
        return None
    last = tree.body[-1]
    if not (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and isinstance(last.value.func, ast.Name)
        and last.value.func.id in GRADED_CALLS
        and last.value.args
    ):
        return None
    call, first = last.value, last.value.args[0]
    if call.func.id in ("check", "check_beyond"):
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return None
        label = first.value
    else:
        if any(
            kw.arg == "part" and isinstance(kw.value, ast.Constant) and not kw.value.value
            for kw in call.keywords
        ):
            return None
        if not isinstance(first, ast.Name):
            return None
        label = first.id
    return label, ast.get_source_segment(visible, call)


def _with_hidden_test(source: str, label: str, call: str) -> str:
    """The cell's source with its hidden test just above the visible check."""
    visible = _strip_blocks(source, HIDDEN_BEGIN, HIDDEN_END, _drop)
    last = ast.parse(visible).body[-1]
    lines = visible.split("\n")
    at = last.lineno - 1
    test = [
        HIDDEN_BEGIN,
        f"assert (_verdict := {call}).ok, repr(_verdict)",
        HIDDEN_END,
    ]
    return "\n".join(lines[:at] + test + lines[at:])


def _grade_id(wanted: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]", "_", wanted)
    grade_id, n = base, 1
    while grade_id in used:
        n += 1
        grade_id = f"{base}_{n}"
    used.add(grade_id)
    return grade_id


def _answer_name(block_lines: list[str]) -> str:
    """The name a solution block is known by: its ``answer_*`` name, else its first."""
    try:
        tree = ast.parse("\n".join(block_lines))
    except SyntaxError:
        return "answer"
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return next((n for n in names if n.startswith("answer_")), names[0] if names else "answer")


def _nbgrader(grade: bool, solution: bool, grade_id: str, locked: bool) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = POINTS
    return meta


def grading_metadata(nb):
    """The solved notebook with its nbgrader metadata and hidden tests brought up to date.

    Solution cells and graded test cells are found from the source (see the
    module's docstring); every other cell carries no nbgrader metadata.
    """
    nb = copy.deepcopy(nbformat.from_dict(nb))
    used: set[str] = set()
    for number, cell in enumerate(nb.cells, 1):
        cell.metadata.pop("nbgrader", None)
        text = _text(cell)
        if cell.cell_type == "code":
            blocks = _blocks(text, BEGIN, END)
            found = graded_check(text)
            if found and blocks:
                raise MarkerError(f"cell {number}: put the check in its own cell, after the answer")
            if found:
                label, call = found
                cell.source = _with_hidden_test(text, label, call)
                grade_id = _grade_id(f"check_{label}", used)
                cell.metadata["nbgrader"] = _nbgrader(True, False, grade_id, locked=True)
            elif HIDDEN_BEGIN in text:
                raise MarkerError(f"cell {number}: hidden tests outside a cell that checks a part")
            elif blocks:
                grade_id = _grade_id(_answer_name(blocks[0]), used)
                cell.metadata["nbgrader"] = _nbgrader(False, True, grade_id, locked=False)
        elif cell.cell_type == "markdown":
            blocks = _blocks(text, MD_BEGIN, MD_END)
            if blocks:  # a written answer: graded by hand in nbgrader's formgrader
                grade_id = _grade_id(f"written_{number}", used)
                cell.metadata["nbgrader"] = _nbgrader(True, True, grade_id, locked=False)
    return nb


def _checksum(cell) -> str:
    """nbgrader's checksum of a graded, solution or read-only cell (as its utils compute it)."""
    meta = cell["metadata"]["nbgrader"]
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    locked = not solution and (grade or bool(meta.get("locked")))
    parts = [_text(cell), cell["cell_type"], str(grade), str(solution), str(locked)]
    parts.append(meta["grade_id"])
    if grade:
        parts.append(str(float(meta["points"])))
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def _lock(cell) -> None:
    """Lock a cell as nbgrader's LockCells does with its defaults, and stamp its checksum."""
    meta = cell["metadata"].get("nbgrader")
    if not meta:
        return
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    if solution:
        cell["metadata"]["deletable"] = False
    elif grade or meta.get("locked"):
        cell["metadata"]["deletable"] = False
        cell["metadata"]["editable"] = False
    if grade or solution or meta.get("locked"):
        meta["checksum"] = _checksum(cell)
        meta["cell_type"] = cell["cell_type"]


def learner_copy(nb: dict) -> dict:
    """Return the learners' version of a solved notebook.

    Hidden tests removed, solution blocks replaced by placeholders, outputs
    cleared, nbgrader cells locked and check-summed: what ``nbgrader
    generate_assignment`` releases with this course's placeholders.
    """
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    nb.get("metadata", {}).pop("celltoolbar", None)
    for cell in nb["cells"]:
        text = _strip_blocks(_text(cell), HIDDEN_BEGIN, HIDDEN_END, _drop)
        if cell["cell_type"] == "code":
            text = _strip_blocks(text, BEGIN, END, _placeholder)
            cell["outputs"] = []
            cell["execution_count"] = None
            for key in ("collapsed", "scrolled"):  # as nbconvert's ClearOutput does
                cell.get("metadata", {}).pop(key, None)
        elif cell["cell_type"] == "markdown":
            text = _strip_blocks(text, MD_BEGIN, MD_END, lambda b, i: [MD_PLACEHOLDER])
        cell["source"] = text
        cell.setdefault("metadata", {}).pop("execution", None)
        _lock(cell)
    return nb


def _dumps(nb) -> str:
    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def build(src_dir: Path, dst_dir: Path, check: bool = False) -> list[str]:
    """Bring the solved notebooks' grading metadata up to date and write every
    learners' copy (or, with ``check``, only compare); return what was stale.

    A learners' copy is named as it is (``03_average_pooling.ipynb``), a solved
    notebook whose grading metadata was stale with its folder
    (``solutions/03_average_pooling.ipynb``).
    """
    stale = []
    sources = sorted(src_dir.glob("[0-9][0-9]_*.ipynb"))
    wanted = {p.name for p in sources}
    for path in sources:
        original = path.read_text(encoding="utf-8")
        solved = grading_metadata(nbformat.reads(original, as_version=4))
        solved_text = _dumps(solved)
        if solved_text != original:
            stale.append(f"{src_dir.name}/{path.name}")
            if not check:
                path.write_text(solved_text, encoding="utf-8")
        text = _dumps(learner_copy(solved))
        target = dst_dir / path.name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(path.name)
            if not check:
                dst_dir.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    for extra in sorted(dst_dir.glob("[0-9][0-9]_*.ipynb")):
        if extra.name not in wanted:
            stale.append(extra.name)
            if not check:
                extra.unlink()
    return stale


def execute(paths: list[Path], timeout: int = 300) -> None:
    """Re-run solved notebooks in place in this environment's kernel."""
    import os
    import tempfile

    from nbclient import NotebookClient

    # Checks run while executing must not touch the author's own progress file.
    scratch = Path(tempfile.mkdtemp(prefix="coursekit-execute-")) / "progress.json"
    os.environ.setdefault("COURSEKIT_PROGRESS", str(scratch))
    for path in paths:
        print(f"executing {path.name}", flush=True)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        nb.metadata.pop("widgets", None)  # widget state: bulky, volatile, not for nbval
        nb.metadata["kernelspec"] = {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        }
        nb.metadata.pop("jupytext", None)
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        path.write_text(_dumps(nb), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if notebooks/ is stale")
    parser.add_argument(
        "--execute",
        nargs="*",
        metavar="NAME",
        help="re-run solved notebooks first (all, or those named)",
    )
    parser.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    args = parser.parse_args(argv)
    if args.execute is not None:
        every = sorted(args.solutions.glob("[0-9][0-9]_*.ipynb"))
        chosen = [
            p for p in every if not args.execute or any(re.search(n, p.name) for n in args.execute)
        ]
        execute(chosen)
    stale = build(args.solutions, args.notebooks, check=args.check)
    if args.check and stale:
        print("stale learners' copies (run `make notebooks`): " + ", ".join(stale))
        return 1
    print(
        ("stale: " if args.check else "wrote: ") + (", ".join(stale) or "nothing, all up to date")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
