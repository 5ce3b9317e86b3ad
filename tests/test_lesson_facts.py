"""Claims the lessons make, checked against the sources (Zhang 2019, Springenberg et al.
2015) and against what the course measures; and no test tooling in what learners read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _text(stem: str, kind: str | None = None) -> str:
    (path,) = (ROOT / "solutions").glob(f"{stem}_*.ipynb")
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if kind in (None, c["cell_type"]))


def test_lesson_18_gives_the_papers_resnet50_numbers_and_names():
    text = _text("18")
    for number in ("76.16", "77.04", "89.20", "91.31"):
        assert number in text
    for wrong in ("76.2, 77.4", "(89.2, 91.3)", "**BlurPool** (Zhang's MaxBlurPool)"):
        assert wrong not in text
    prose = _text("18", "markdown")
    assert "**MaxBlurPool**: max pooling with stride **1**" in prose
    assert "average pooling becomes **BlurPool alone**" in prose
    assert "not the paper's recipe" in prose  # mode="avg" is the course's extra


def test_lesson_19_says_what_the_all_convolutional_net_replaced():
    prose = _text("19", "markdown")
    assert "replaced every pooling layer" not in prose
    assert "replaced each max-pooling layer" in prose and "global average" in prose


def test_lesson_15_does_not_say_the_strongest_response_always_grows():
    prose = _text("15", "markdown")
    assert "make its strongest\n  response stronger" not in prose
    assert "depends on the sign of the upstream gradient" in prose


def test_lesson_20_moves_digits_every_way_over_several_seeds():
    code = _text("20", "code")
    assert "shift_labels((1, 2))" in code
    assert "shift_study(seeds=(0, 1, 2)" in code
    assert "border=4" in code  # the cause is measured, not guessed


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem[:2]
)
def test_no_test_tooling_in_a_learners_copy(path):
    """Output rules for nbval live in cell tags, never in what a learner reads."""
    for cell in json.loads(path.read_text())["cells"]:
        source = "".join(cell["source"])
        assert "NBVAL" not in source, (path.name, source[:60])
        assert "when the course is tested" not in source, path.name
        assert "nbval" not in source.lower(), (path.name, source[:60])


def test_every_figure_in_the_solved_notebooks_carries_a_description():
    missing = []
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                    if len(alt) < 20:
                        missing.append(f"{path.name} cell {cell.get('id')}")
    assert not missing, missing
