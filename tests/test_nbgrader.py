"""A class on nbgrader, run end to end from the one source, as docs/instructor_guide.md shows it.

An instructor makes a course directory from two solved notebooks, generates and
releases the assignment; three learners fetch it and submit (one fills every
answer in, one hands it back blank, one answers every part wrongly); the
instructor collects, autogrades, generates and releases feedback, exports the
grades and asks which parts were hardest. Every command is the ``nbgrader`` or ``python -m
tools...`` command the guide shows, run in a temporary directory; ``$HOME`` is
a scratch one, so a progress file written there would be caught.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

try:
    import nbgrader  # noqa: F401
except ImportError:  # pragma: no cover - the instructor group is not installed
    if os.environ.get("CI"):
        raise
    pytest.skip(
        "nbgrader is not installed: pip install -e '.[instructor]'", allow_module_level=True
    )

from tools.notebook_build import BEGIN, solution_blocks

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ASSIGNMENT = "exercises"
CHOSEN = ["10_exercise_1_larger_window", "12_exercise_3_parameter_count"]
#: One point per graded check: parts 1a-1d and 3a-3c.
TOTAL = 7
STUDENTS = {"alice": "filled", "bob": "blank", "carol": "wrong"}
EXPECTED = {"alice": TOTAL, "bob": 0, "carol": 0}


def _env(tmp: Path, user: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COURSEKIT_PROGRESS", None)  # nbgrader_config.py must send progress to scratch
    env.pop("XDG_DATA_HOME", None)
    env["HOME"] = str(tmp / "home")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs alembic from PATH
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + existing if existing else "")
    if user:
        env["USER"] = env["LOGNAME"] = user
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(args)} failed:\n{out}"
    # nbgrader logs a broken config file and carries on without it: fail instead.
    assert "Exception while loading config" not in out, out
    return out


def _nbgrader(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return _run([str(BIN / "nbgrader"), *args], cwd, env)


def _answer(nb, how: str) -> None:
    """Fill a fetched notebook's answer cells as a learner would."""
    solved = {}
    for name in CHOSEN:
        for cell in nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                solved[meta["grade_id"]] = cell.source
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution") or how == "blank":
            continue
        if how == "filled":
            cell.source = solved[meta["grade_id"]]
        else:  # wrong: every name the placeholder leaves open set to 42
            cell.source = re.sub(r"= \.\.\.$", "= 42", cell.source, flags=re.M)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    (tmp / "home").mkdir()
    course, exchange = tmp / "course", tmp / "exchange"
    exchange.mkdir()
    env = _env(tmp)
    x = f"--Exchange.root={exchange}"
    py = [sys.executable, "-m", "tools.nbgrader_course"]
    _run([*py, str(course), ASSIGNMENT, *(n[:3] for n in CHOSEN)], ROOT, env)
    _nbgrader("generate_assignment", ASSIGNMENT, cwd=course, env=env)
    _nbgrader("release_assignment", ASSIGNMENT, x, cwd=course, env=env)
    # The first learner fetches the release; the others get the same files (a fetch is a copy).
    first = tmp / next(iter(STUDENTS))
    first.mkdir()
    _nbgrader("fetch_assignment", ASSIGNMENT, "--course=pooling", x, cwd=first, env=env)
    for student in list(STUDENTS)[1:]:
        shutil.copytree(first / ASSIGNMENT, tmp / student / ASSIGNMENT)

    def learner(student: str) -> None:
        home = tmp / student
        env = _env(tmp, student)
        for name in CHOSEN:
            path = home / ASSIGNMENT / f"{name}.ipynb"
            nb = nbformat.read(path, as_version=4)
            _answer(nb, STUDENTS[student])
            nbformat.write(nb, path)
        # One OS user plays three learners: --student names each (a hub knows who submits).
        who = f"--student={student}"
        _nbgrader("submit", ASSIGNMENT, "--course=pooling", x, who, cwd=home, env=env)

    with ThreadPoolExecutor(max_workers=len(STUDENTS)) as pool:  # learners work side by side
        list(pool.map(learner, STUDENTS))
    _nbgrader("collect", ASSIGNMENT, x, cwd=course, env=env)
    _nbgrader("autograde", ASSIGNMENT, cwd=course, env=env)
    _nbgrader("generate_feedback", ASSIGNMENT, cwd=course, env=env)
    _nbgrader("release_feedback", ASSIGNMENT, x, cwd=course, env=env)
    _nbgrader("export", "--to=grades.csv", cwd=course, env=env)
    report = _run([*py, str(course), ASSIGNMENT, "--report"], ROOT, env)
    return {"tmp": tmp, "course": course, "exchange": exchange, "report": report}


def test_release_equals_the_learners_copies(graded_class):
    release = graded_class["course"] / "release" / ASSIGNMENT
    assert sorted(p.stem for p in release.glob("*.ipynb")) == CHOSEN
    for name in CHOSEN:
        released = (release / f"{name}.ipynb").read_bytes()
        assert released == (ROOT / "notebooks" / f"{name}.ipynb").read_bytes(), name


def test_grades_filled_blank_and_wrong(graded_class):
    with open(graded_class["course"] / "grades.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert set(rows) == set(STUDENTS)
    for student, score in EXPECTED.items():
        assert float(rows[student]["score"]) == score, rows[student]
        assert float(rows[student]["max_score"]) == TOTAL


def test_feedback_for_every_learner_and_the_hardest_parts(graded_class):
    course = graded_class["course"]
    for student in STUDENTS:
        pages = sorted((course / "feedback" / student / ASSIGNMENT).glob("*.html"))
        assert [p.stem for p in pages] == CHOSEN
    released = list((graded_class["exchange"] / "pooling" / "feedback").glob("*.html"))
    assert len(released) == len(STUDENTS) * len(CHOSEN)
    lines = graded_class["report"].splitlines()[1:]
    assert len(lines) == TOTAL
    assert all(line.split()[-3:] == ["1", "of", "3"] for line in lines), lines
    # A part not accepted shows the check's own nudge in the feedback, not a bare error.
    for student in ("bob", "carol"):
        for page in (course / "feedback" / student / ASSIGNMENT).glob("*.html"):
            text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
            assert "AssertionError: Not yet [" in text, (student, page.name)


def test_progress_never_reaches_a_home(graded_class):
    tmp = graded_class["tmp"]
    assert not list(tmp.glob("*/.local/share/coursekit/progress.json"))
    assert not list(tmp.glob("**/progress.json"))


def test_no_hidden_test_or_solution_in_what_learners_get(graded_class):
    release = graded_class["course"] / "release" / ASSIGNMENT
    for name in CHOSEN:
        text = (release / f"{name}.ipynb").read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text and BEGIN not in text
        solved = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
        for cell in solved.cells:
            for block in solution_blocks(cell.source):
                for line in block:
                    if "=" in line and not line.strip().startswith("#"):
                        assert line.strip() not in text, (name, line)
