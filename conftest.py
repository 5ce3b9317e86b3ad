"""Shared by the tests in tests/ and the doctests in coursekit/."""

from __future__ import annotations

import os
import tempfile

import matplotlib

matplotlib.use("Agg")  # no screen: draw off-screen

# Checks accepted while testing (doctests, notebooks run under nbval, kernels started by
# tests) are saved to a scratch file, never to the learner's own progress file, however
# pytest is started (make sets its own scratch file first).
os.environ.setdefault(
    "COURSEKIT_PROGRESS",
    os.path.join(tempfile.mkdtemp(prefix="coursekit-tests-"), "progress.json"),
)

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test and doctest starts and ends with no open figure."""
    yield
    plt.close("all")
