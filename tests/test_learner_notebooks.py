"""The learners' copies run, and show no answer: every notebook of notebooks/, run
unanswered from top to bottom in a fresh kernel, finishes without an error, and no part's
answer is in its outputs (issue 12, item 5).

Each notebook is executed once, as a learner who runs every cell without answering would
see it (a fresh progress file, so no part is accepted yet), and the text of its outputs
is searched for the answers of the parts that notebook holds. This is the one run of the
learners' copies outside the browser (it replaced an nbval run that executed them a second
time); about a minute on a quiet machine, in ``make test-unit``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from coursekit.checks.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: LEARNER_NOTEBOOKS="08 10" runs only those notebooks (a quick run after editing them).
_CHOSEN = os.environ.get("LEARNER_NOTEBOOKS", "").split()

#: Ways each part's answer would show in an output (the notebook's own parts only).
#: Parts whose answer is a function, a pair the learner builds or a letter are left out.
ANSWERS = {
    "00": [r"\[\[20,\s*20\],\s*\[15,\s*18\]\]", r"\[\[20\s+20\]\s*\[15\s+18\]\]"],
    "01": [r"655,?370", r"40,?970"],
    "02": [r"\[\[5,\s*7\],\s*\[9,\s*8\]\]", r"\[\[5\s+7\]\s*\[9\s+8\]\]"],
    "03": [r"3\.25,\s*2\.5", r"\[\[3\.25\s+2\.5\s*\]"],
    "04": [r"\[\[1,\s*0\],\s*\[0,\s*3\]\]", r"\[\[1\s+0\]\s*\[0\s+3\]\]"],
    "06": [r"3\.5,\s*1\.0,\s*3\.0", r"\[3\.5\s+1\.\s+3\.\s*\]"],
    "08": [r"\b1,?024\b", r"\b32x32 block"],
    "1a": [r"windows that fit: 1\b", r"\b1 window(?:s)? fits?\b", r"floor: 1 windows?\b"],
    "1b": [r"\[\[20\]\]", r"\) = 20\b"],
    "1c": [r"\b7 of 16\b", r"never looked at: 7\b", r"misses 7\b", r"\b7 cells never seen"],
    "1d": [r"never looked at: 2,?044\b", r"keeps 1 value of its 9 cells"],
    "3a": [r"\b90\b"],
    "3b": [r"\b1,?290\b"],
    "3c": [r"14\.3\d?"],
    "4a": [r"0\.14[23]\d?\b", r"sigma\s*/\s*7\b"],
    "4b": [r"\b1 of 49\b", r"max: 1 of \d+ cells"],
    "4c": [r"\b49 of 49\b", r"avg: (\d+) of \1 cells"],
    "4d": [r"sqrt\(196\)", r"\b196\b"],
    "5a": [r"128\D{1,6}64\D{1,6}32"],
    "5b": [r"\b8x8\b", r"\b64 pixels"],
    "5c": [r"deep path \+ skips\s+IoU"],
    "15": [r"0\.25\s+0\.25\s+0\.5\s+0\.5", r"\[\[0\.25,\s*0\.25,\s*0\.5"],
    "17": [r"\[0,\s*2,\s*4\]\D+\[3,\s*5,\s*7\]"],
    "18": [r"0\.0625"],
    "19": [r"73,?856"],
    "20": [r"\(1024,\s*16\)"],
}


#: Earlier notebooks that must not show a part's answer either (audit 2: lesson 08 printed
#: exercise 5's sides and block with the very same numbers).
ALSO_IN = {"5a": ["08_limits"], "5b": ["08_limits"]}

#: Ways a part's answer would show in the *source* of a learner's notebook: code anywhere,
#: markdown above the part's check.
SOURCE = {"5b": [r"\b2\s*\*\*\s*3\b"]}
PROSE = {
    "4b": [r"only\s+the\s+cell\s+holding\s+the\s+maximum"],
    "4c": [r"every\s+cell\s+moves\s+the\s+average"],
    "5c": [r"skip\s+path\s+hands\s+the\s+decoder", r"combination\s+beats\s+both"],
}


def _outputs(nb: dict) -> list[tuple[int, str]]:
    """(cell index, text) of every output, leaving out progress(), which lists the titles."""
    found = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or "progress()" in "".join(cell["source"]):
            continue
        for out in cell.get("outputs", []):
            texts = [out.get("text", "")]
            for kind in ("text/plain", "text/html", "text/markdown"):
                texts.append(out.get("data", {}).get(kind, ""))
            for text in texts:
                found.append((index, "".join(text) if isinstance(text, list) else text))
    return found


def test_every_answer_form_is_tried_on_the_solved_notebooks():
    """The patterns must see the answers where the solved notebooks print them."""
    seen = set()
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        text = "\n".join(t for _, t in _outputs(json.loads(path.read_text())))
        for part, forms in ANSWERS.items():
            if REGISTRY[part].notebook == path.stem and any(re.search(f, text) for f in forms):
                seen.add(part)
    assert {"1a", "1b", "1c", "3a", "3b", "4a", "4c", "5b"} <= seen


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    scratch = tmp_path_factory.mktemp("learner") / "progress.json"
    before = os.environ.get("COURSEKIT_PROGRESS")
    os.environ["COURSEKIT_PROGRESS"] = str(scratch)  # nothing accepted yet
    results = {}
    try:
        for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
            if _CHOSEN and path.name[:2] not in _CHOSEN:
                continue
            nb = nbformat.read(path, as_version=4)
            client = nbclient.NotebookClient(
                nb,
                timeout=120,
                kernel_name="python3",
                resources={"metadata": {"path": str(NOTEBOOKS)}},
            )
            try:
                client.execute()
            except nbclient.exceptions.CellExecutionError as err:
                results[path.stem] = err  # test_every_learners_notebook_runs reports it
                continue
            results[path.stem] = json.loads(nbformat.writes(nb))
    finally:
        if before is None:
            os.environ.pop("COURSEKIT_PROGRESS", None)
        else:
            os.environ["COURSEKIT_PROGRESS"] = before
    return results


def test_every_learners_notebook_runs_top_to_bottom(executed):
    """Run All in a fresh kernel, unanswered: the placeholders still run, no cell errs."""
    if not _CHOSEN:
        ran = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
        assert set(executed) == ran and len(ran) >= 21
    failed = {name: str(err)[-400:] for name, err in executed.items() if isinstance(err, Exception)}
    assert not failed, failed
    for name, nb in executed.items():
        for index, cell in enumerate(nb["cells"]):
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error", f"{name} cell {index}: {out.get('ename')}"
                assert out.get("name") != "stderr", f"{name} cell {index} wrote to stderr"


@pytest.mark.parametrize("part", list(ANSWERS))
def test_no_answer_is_in_sight_before_its_check_accepts_it(executed, part):
    for notebook in [REGISTRY[part].notebook, *ALSO_IN.get(part, [])]:
        if notebook not in executed and _CHOSEN:
            continue  # a run limited by LEARNER_NOTEBOOKS
        assert isinstance(executed.get(notebook), dict), f"{notebook} did not run to the end"
        for index, text in _outputs(executed[notebook]):
            for form in ANSWERS[part]:
                match = re.search(form, text)
                assert not match, (
                    f"{notebook} cell {index} shows part {part}'s answer: {match[0]!r}"
                )


def _check_cell(cells, part) -> int:
    """Index of the cell that checks ``part`` for the learner (not a demo call)."""
    call = re.compile(rf"""check(?:_beyond)?\(\s*["']{re.escape(part)}["']""")
    for index, cell in enumerate(cells):
        text = "".join(cell["source"])
        if cell["cell_type"] == "code" and call.search(text) and "demo=True" not in text:
            return index
    raise AssertionError(f"no check cell for part {part}")


@pytest.mark.parametrize("part", sorted(set(SOURCE) | set(PROSE)))
def test_no_answer_in_the_source_before_its_check(part):
    """Without running anything: no code computes the answer literally, no prose above
    the check states it."""
    path = NOTEBOOKS / f"{REGISTRY[part].notebook}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    end = _check_cell(cells, part)
    for index, cell in enumerate(cells):
        text = "".join(cell["source"])
        forms = SOURCE.get(part, []) if cell["cell_type"] == "code" else []
        if cell["cell_type"] == "markdown" and index < end:
            forms = PROSE.get(part, [])
        for form in forms:
            match = re.search(form, text, flags=re.IGNORECASE)
            assert not match, f"{path.name} cell {index} gives part {part}'s answer: {match[0]!r}"


def test_demo_checks_in_a_learners_notebook_do_not_count():
    """A check a notebook runs itself on its own examples passes demo=True (audit 2, F2)."""
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "code" and re.search(r"for .+ in .+:\n.*check\(", text):
                assert "demo=True" in text, f"{path.name}: a loop of checks that counts"


def test_no_learners_notebook_holds_solution_text(executed):
    for entry in REGISTRY.values():
        code = [
            line for line in entry.solution.splitlines() if line.startswith("    ") and "=" in line
        ]
        for name, nb in executed.items():
            if not isinstance(nb, dict):
                continue  # test_every_learners_notebook_runs_top_to_bottom reports it
            source = "\n".join("".join(c["source"]) for c in nb["cells"])
            for line in code:
                assert line.strip() not in source, f"{name} holds solution text of {entry.id}"
