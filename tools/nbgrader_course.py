"""Teach a class with nbgrader from the course's one source.

The solved notebooks in ``solutions/`` are an nbgrader source (their cell
metadata is kept by :mod:`tools.notebook_build`). This module adds the two
pieces nbgrader needs from the course:

- ``CourseClearSolutions`` (in :mod:`tools.nbgrader_placeholders`), nbgrader's
  ``ClearSolutions`` with the course's placeholders (the ones in ``notebooks/``,
  which still run) in place of ``raise NotImplementedError()``;
  ``nbgrader_config.py`` at the repository root puts it in ``nbgrader
  generate_assignment``.
- a course directory for nbgrader, outside the repository (it will hold the
  class's submissions and grades, which must never be committed)::

      python -m tools.nbgrader_course ~/pooling-class exercises 10_ 11_ 12_ 13_ 14_

  writes ``~/pooling-class/source/exercises/`` (the chosen solved notebooks)
  and ``~/pooling-class/nbgrader_config.py``, which loads this repository's
  ``nbgrader_config.py``. Run the ``nbgrader`` commands from that directory.

After autograding, ``python -m tools.nbgrader_course ~/pooling-class exercises
--report`` prints, part by part, the share of the class whose answer the check
accepted: the hardest parts first.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from tools.notebook_build import ROOT

__all__ = ["part_report", "setup_course", "main"]


def setup_course(course_dir: Path, assignment: str, patterns: list[str]) -> list[Path]:
    """Make (or refresh) ``course_dir`` as an nbgrader course with one assignment.

    Copies the solved notebooks whose names match any of ``patterns`` (all when
    empty) to ``course_dir/source/<assignment>/`` and writes
    ``course_dir/nbgrader_config.py`` loading this repository's configuration.
    Returns the copied notebooks.
    """
    course_dir = Path(course_dir).expanduser().resolve()
    if course_dir == ROOT or ROOT in course_dir.parents:
        raise ValueError("keep the course directory outside the repository: it holds grades")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", assignment):
        raise ValueError(f"assignment names are letters, digits, _ and -: got {assignment!r}")
    every = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    chosen = [p for p in every if not patterns or any(re.match(n, p.name) for n in patterns)]
    if not chosen:
        raise ValueError(f"no solved notebook matches {patterns}")
    source = course_dir / "source" / assignment
    source.mkdir(parents=True, exist_ok=True)
    for path in chosen:
        shutil.copy2(path, source / path.name)
    config = ROOT / "nbgrader_config.py"
    (course_dir / "nbgrader_config.py").write_text(
        "# Written by `python -m tools.nbgrader_course`: the pooling course's nbgrader settings.\n"
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(config)!r})  # noqa: F821\n",
        encoding="utf-8",
    )
    return [source / p.name for p in chosen]


def part_report(course_dir: Path, assignment: str) -> list[tuple[str, str, int, int]]:
    """Part by part, how many autograded submissions the check accepted.

    Returns ``(notebook, grade_id, accepted, submissions)`` rows, the hardest
    part (lowest share accepted) first, from the course's gradebook.
    """
    from nbgrader.api import Gradebook

    course_dir = Path(course_dir).expanduser().resolve()
    counts: dict[tuple[str, str], list[int]] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if not grade.max_score:
                        continue
                    row = counts.setdefault((notebook.name, grade.name), [0, 0])
                    row[0] += grade.score >= grade.max_score
                    row[1] += 1
    rows = [(nb, cell, ok, n) for (nb, cell), (ok, n) in counts.items()]
    return sorted(rows, key=lambda r: (r[2] / r[3] if r[3] else 1.0, r[0], r[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course_dir", type=Path, help="the nbgrader course directory")
    parser.add_argument("assignment", help="the assignment's name, e.g. exercises")
    parser.add_argument("patterns", nargs="*", help="solved notebooks to include (default: all)")
    parser.add_argument(
        "--report", action="store_true", help="after autograde: share accepted, part by part"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(f"{'notebook':36} {'part':24} accepted")
        for notebook, cell, ok, n in part_report(args.course_dir, args.assignment):
            print(f"{notebook:36} {cell:24} {ok:>3} of {n}")
        return 0
    copied = setup_course(args.course_dir, args.assignment, args.patterns)
    print(f"source/{args.assignment}: " + ", ".join(p.name for p in copied))
    return 0


if __name__ == "__main__":
    sys.exit(main())
