"""The learners' copies are generated from the solved notebooks and stay in step."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tools.notebook_build import (
    HIDDEN_BEGIN,
    MarkerError,
    _placeholder,
    build,
    graded_check,
    grading_metadata,
    learner_copy,
    solution_blocks,
)

ROOT = Path(__file__).resolve().parent.parent
SOLVED = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def test_there_are_notebooks_and_both_folders_match():
    assert SOLVED, "no solved notebooks found"
    learners = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert learners == [p.name for p in SOLVED]


def test_learners_copies_are_not_stale():
    stale = build(ROOT / "solutions", ROOT / "notebooks", check=True)
    assert stale == [], f"run `make notebooks`: stale copies {stale}"


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_no_solution_text_reaches_learners(path):
    solved = json.loads(path.read_text())
    learner = json.loads((ROOT / "notebooks" / path.name).read_text())
    assert len(solved["cells"]) == len(learner["cells"])
    for s_cell, l_cell in zip(solved["cells"], learner["cells"], strict=True):
        l_src = _source(l_cell)
        assert "BEGIN SOLUTION" not in l_src and "END SOLUTION" not in l_src
        for block in solution_blocks(_source(s_cell)):
            # The placeholder keeps a def's signature and docstring on purpose.
            kept = {line.strip() for line in _placeholder(block, "")}
            for line in block:
                text = line.strip()
                if len(text) > 3 and not text.startswith("#") and text not in kept:
                    assert text not in l_src, f"{path.name}: solution line leaked: {text!r}"


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_learners_copies_carry_no_outputs(path):
    learner = json.loads((ROOT / "notebooks" / path.name).read_text())
    for cell in learner["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in learner["metadata"]


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_solved_copies_are_executed_and_import_coursekit_explicitly(path):
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] is not None for c in code), "commit it executed"
    text = "\n".join(_source(c) for c in code)
    assert "from coursekit import" in text
    assert "import *" not in text and "%run" not in text
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"


def test_placeholder_keeps_names_and_signatures():
    block = [
        "answer = pool2d(ANCHOR, 3, stride=3)",
        "a, b = 1, 2",
        "def my_pool(x, kernel_size, stride=None):",
        '    """Pool x."""',
        "    return x",
    ]
    lines = _placeholder(block, "")
    code = "\n".join(lines)
    tree = ast.parse(code)
    env: dict = {}
    exec(compile(tree, "<placeholder>", "exec"), env)  # noqa: S102 - our own generated code
    assert env["answer"] is ... and env["a"] is ... and env["b"] is ...
    assert env["my_pool"](1, 2) is None
    assert env["my_pool"].__doc__ == "Pool x."
    assert "pool2d(ANCHOR" not in code


def test_indented_blocks_and_markdown():
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}],
                "execution_count": 3,
                "source": (
                    "def f():\n    ### BEGIN SOLUTION\n    y = 2\n"
                    "    ### END SOLUTION\n    return y\n"
                ),
            },
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": (
                    "Why?\n<!-- BEGIN SOLUTION -->\nBecause 3x3 loses more.\n<!-- END SOLUTION -->"
                ),
            },
        ],
        "metadata": {"widgets": {}},
    }
    out = learner_copy(nb)
    code, md = out["cells"]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert "    y = ..." in code["source"] and "y = 2" not in code["source"]
    ast.parse(code["source"])
    assert "Because" not in md["source"] and "Write your answer here" in md["source"]
    assert "widgets" not in out["metadata"]
    assert nb["cells"][0]["outputs"], "the source notebook is not modified"


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1\n",
        "x = 1\n### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_errors(source):
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": source}],
        "metadata": {},
    }
    with pytest.raises(MarkerError):
        learner_copy(nb)


def test_build_writes_and_then_reports_nothing_stale(tmp_path):
    src, dst = tmp_path / "solutions", tmp_path / "notebooks"
    src.mkdir()
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": 1,
                "source": "### BEGIN SOLUTION\nanswer = 7\n### END SOLUTION\n",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    nb["cells"][0]["id"] = "answer"
    (src / "01_demo.ipynb").write_text(json.dumps(nb))
    (dst).mkdir()
    (dst / "02_gone.ipynb").write_text("{}")
    every = ["solutions/01_demo.ipynb", "01_demo.ipynb", "02_gone.ipynb"]
    assert build(src, dst, check=True) == every
    assert build(src, dst) == every
    assert not (dst / "02_gone.ipynb").exists()
    assert build(src, dst, check=True) == []
    assert "answer = ..." in (dst / "01_demo.ipynb").read_text()
    solved = json.loads((src / "01_demo.ipynb").read_text())
    assert solved["cells"][0]["metadata"]["nbgrader"]["solution"] is True


# --------------------------------------------------------------------------- nbgrader


def _nb(*sources: str):
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1, "source": s}
        for s in sources
    ]
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_graded_checks_are_found_and_demonstrations_are_not():
    assert graded_check('check("3a", answer_3a)') == ("3a", 'check("3a", answer_3a)')
    assert graded_check("check_implementation(pool_strided, features=IMPLEMENTATION_STEPS['9.2'])")
    assert graded_check('check_implementation(zero_padded, part="")') is None
    assert graded_check('for pair in wrong:\n    print(check("2", pair))') is None
    assert graded_check("self_check(my_answer, expected)") is None
    assert graded_check("x = check('1a', 1)") is None


def test_grading_metadata_marks_answers_and_checks_and_hides_an_assert():
    nb = grading_metadata(
        _nb(
            "### BEGIN SOLUTION\nanswer_3a = 90\n### END SOLUTION",
            'check("3a", answer_3a)',
            "x = 1",
        )
    )
    answer, test, plain = nb.cells
    assert answer.metadata.nbgrader["solution"] and not answer.metadata.nbgrader["grade"]
    assert answer.metadata.nbgrader["grade_id"] == "answer_3a"
    meta = test.metadata.nbgrader
    assert meta["grade"] and meta["locked"] and meta["points"] == 1 and not meta["solution"]
    assert meta["grade_id"] == "check_3a"
    lines = test.source.splitlines()
    assert lines == [
        HIDDEN_BEGIN,
        'assert (_verdict := check("3a", answer_3a)).ok, repr(_verdict)',
        "### END HIDDEN TESTS",
        'check("3a", answer_3a)',
    ]
    assert "nbgrader" not in plain.metadata
    assert grading_metadata(nb) == nb, "bringing it up to date twice changes nothing"
    out = learner_copy(nb)
    assert out.cells[1].source == 'check("3a", answer_3a)'
    assert out.cells[1].metadata["editable"] is False
    assert out.cells[0].metadata["deletable"] is False
    assert len(out.cells[0].metadata.nbgrader["checksum"]) == 32


def test_grade_ids_are_unique_and_misplaced_markers_are_errors():
    nb = grading_metadata(_nb('check("2", (a, b))', 'check("2", (c, d))'))
    assert [c.metadata.nbgrader["grade_id"] for c in nb.cells] == ["check_2", "check_2_2"]
    with pytest.raises(MarkerError, match="own cell"):
        grading_metadata(_nb('### BEGIN SOLUTION\nx = 1\n### END SOLUTION\ncheck("1a", x)'))
    with pytest.raises(MarkerError, match="hidden tests"):
        grading_metadata(_nb("### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS\nx"))


@pytest.mark.parametrize("path", SOLVED, ids=lambda p: p.name)
def test_every_graded_check_is_a_test_cell_with_a_hidden_assert(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        source = _source(cell)
        meta = cell["metadata"].get("nbgrader")
        if cell["cell_type"] == "code" and graded_check(source):
            assert meta and meta["grade"] and meta["points"] == 1, source
            assert HIDDEN_BEGIN in source and ".ok" in source
        elif meta:
            assert meta["solution"] and not meta["grade"], source


def test_every_part_of_the_progress_table_is_graded():
    from coursekit.checks.progress import all_parts

    ids, points = set(), 0
    for path in SOLVED:
        for cell in json.loads(path.read_text())["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                ids.add(meta["grade_id"])
                points += meta["points"]
    parts = all_parts()
    steps = [p for p in parts if p.startswith("9.")]
    assert {f"check_{p}" for p in parts if p not in steps} <= ids
    assert sum(i.startswith("check_pool_") for i in ids) == len(steps)
    assert points == len(ids) >= len(parts)
