"""nbgrader generate_assignment on every solved notebook releases notebooks/, byte for byte.

Apart from tests/test_nbgrader.py so that pytest-xdist can run the two side by side.
"""

from __future__ import annotations

import sys

from tests.test_nbgrader import ROOT, _env, _nbgrader, _run
from tools.notebook_build import HIDDEN_BEGIN


def test_every_notebook_releases_as_its_learners_copy(tmp_path):
    """All of solutions/ through nbgrader generate_assignment: notebooks/, byte for byte."""
    (tmp_path / "home").mkdir()
    env = _env(tmp_path)
    course = tmp_path / "course"
    _run([sys.executable, "-m", "tools.nbgrader_course", str(course), "all"], ROOT, env)
    _nbgrader("generate_assignment", "all", cwd=course, env=env)
    release = course / "release" / "all"
    learners = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in release.glob("*.ipynb")) == [p.name for p in learners]
    for path in learners:
        assert (release / path.name).read_bytes() == path.read_bytes(), path.name
        assert HIDDEN_BEGIN not in path.read_text(encoding="utf-8")
