"""Shared by the tests in tests/ and the doctests in coursekit/."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no screen: draw off-screen

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test and doctest starts and ends with no open figure."""
    yield
    plt.close("all")
