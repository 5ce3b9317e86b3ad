"""nbgrader settings for teaching the pooling course to a class.

Not loaded from the repository itself: ``python -m tools.nbgrader_course
COURSE_DIR ASSIGNMENT`` writes a course directory whose own
``nbgrader_config.py`` loads this file. See "Teaching a class" in
docs/instructor_guide.md.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

_REPO = str(Path(__file__).resolve().parent)
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from nbgrader.converters import GenerateAssignment  # noqa: E402
from nbgrader.preprocessors import ClearSolutions  # noqa: E402

from tools.nbgrader_placeholders import CourseClearSolutions  # noqa: E402

c = get_config()  # noqa: F821 - nbgrader provides it

# The course's id on the hub's exchange (set it per class, e.g. "pooling-2026").
c.CourseDirectory.course_id = os.environ.get("POOLING_COURSE_ID", "pooling")

# Release the course's own placeholders (they still run) instead of
# `raise NotImplementedError()`: the release equals notebooks/.
_default = GenerateAssignment.class_traits()["preprocessors"].default()
assert ClearSolutions in _default, "nbgrader's generate_assignment steps have changed"
c.GenerateAssignment.preprocessors = [
    CourseClearSolutions if step is ClearSolutions else step for step in _default
]

# Each notebook runs top to bottom in well under a minute; a stuck submission
# is stopped, not waited for.
c.Execute.timeout = 120

# Checks that accept an answer record progress. While nbgrader runs, that
# record goes to a scratch file removed at exit, never to a home directory.
_scratch = tempfile.mkdtemp(prefix="coursekit-nbgrader-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ["COURSEKIT_PROGRESS"] = os.path.join(_scratch, "progress.json")
