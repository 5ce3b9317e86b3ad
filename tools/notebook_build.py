"""Build the learners' notebooks from the solved ones: the one source.

``solutions/NN_name.ipynb`` is the source. Code a learner writes stands between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines (nbgrader's markers);
written answers in Markdown between ``<!-- BEGIN SOLUTION -->`` and
``<!-- END SOLUTION -->``. The learners' copy in ``notebooks/`` gets each block
replaced by a placeholder that still runs: every name the block assigns is set
to ``...`` and every function it defines returns ``None``, so the check in the
next cell answers "not answered yet". Outputs and execution counts are dropped.

Run ``python -m tools.notebook_build`` (``make notebooks``) to write the
copies, ``--check`` to fail when they are stale, ``--execute`` to re-run the
solved notebooks in place first (``make execute``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
import sys
from pathlib import Path

__all__ = ["learner_copy", "solution_blocks", "build", "main"]

ROOT = Path(__file__).resolve().parent.parent  # the repository root (tools/ is one level down)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
MD_PLACEHOLDER = "*Write your answer here.*"


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


def solution_blocks(text: str) -> list[list[str]]:
    """The solution blocks of a cell's source, each as its list of lines."""
    found: list[list[str]] = []
    for begin, end in ((BEGIN, END), (MD_BEGIN, MD_END)):
        _strip_blocks(text, begin, end, lambda block, indent: found.append(block) or [])
    return found


def learner_copy(nb: dict) -> dict:
    """Return the learners' version of a solved notebook (a JSON dict)."""
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code":
            text = _strip_blocks(text, BEGIN, END, _placeholder)
            cell["outputs"] = []
            cell["execution_count"] = None
        elif cell["cell_type"] == "markdown":
            text = _strip_blocks(text, MD_BEGIN, MD_END, lambda b, i: [MD_PLACEHOLDER])
        cell["source"] = text
        cell.get("metadata", {}).pop("execution", None)
    return nb


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dumps(nb: dict) -> str:
    for cell in nb["cells"]:
        src = cell["source"]
        if isinstance(src, str):
            cell["source"] = src.splitlines(keepends=True)
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build(src_dir: Path, dst_dir: Path, check: bool = False) -> list[str]:
    """Write (or with ``check`` compare) every learners' copy; return stale names."""
    stale = []
    sources = sorted(src_dir.glob("[0-9][0-9]_*.ipynb"))
    wanted = {p.name for p in sources}
    for path in sources:
        text = _dumps(learner_copy(_read(path)))
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

    import nbformat
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
        path.write_text(_dumps(json.loads(nbformat.writes(nb))), encoding="utf-8")


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
