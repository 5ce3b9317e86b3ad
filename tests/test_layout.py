"""The house rules of coursekit: rooms import downward, the engine stays light, the
front door is lazy, and no module grows past a size a maintainer can hold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coursekit

PACKAGE = Path(coursekit.__file__).resolve().parent
ROOT = PACKAGE.parent

#: Room -> the rooms (and shared modules) it may import. Everything imports downward.
ALLOWED = {
    "_validation": set(),
    "_render": {"_validation"},
    "data": {"_validation"},
    "engine": {"_validation", "engine"},
    "measures": {"_validation", "data", "engine", "measures"},
    "cnn": {"_validation", "data", "engine", "measures", "cnn"},
    "figures": {"_validation", "_render", "data", "engine", "measures", "figures"},
    "widgets": {"_validation", "_render", "data", "engine", "measures", "widgets"},
    "checks": {"_validation", "_render", "data", "engine", "measures", "checks"},
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel == Path("__init__.py"):
            continue
        yield path, rel


def _room(rel: Path) -> str:
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path, rel: Path):
    """(line, target room, imported names) for each relative import of the package."""
    tree = ast.parse(path.read_text())
    package = list(rel.parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if len(base) < len(package) - (node.level - 1):
                raise AssertionError(f"{rel}:{node.lineno} imports above the package")
            parts = base + (node.module.split(".") if node.module else [])
            names = [a.name for a in node.names]
            if not parts:  # `from .. import _validation`
                for name in names:
                    yield node.lineno, name, [name]
            else:
                yield node.lineno, parts[0], names
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coursekit"):
            raise AssertionError(f"{rel}:{node.lineno} imports coursekit by its absolute name")


@pytest.mark.parametrize("path,rel", list(_modules()), ids=lambda p: str(p))
def test_rooms_import_downward_only(path, rel):
    room = _room(rel)
    assert room in ALLOWED, f"{rel}: a module outside the known rooms; add it to one"
    for line, target, _ in _imports(path, rel):
        assert target in ALLOWED[room], f"{rel}:{line} ({room}) imports {target}"


@pytest.mark.parametrize("path,rel", list(_modules()), ids=lambda p: str(p))
def test_no_private_name_crosses_a_room(path, rel):
    room = _room(rel)
    for line, target, names in _imports(path, rel):
        if target == room or target in ("_validation", "_render"):
            continue
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{rel}:{line} uses {private} from {target}: make it public there"


@pytest.mark.parametrize("path,rel", list(_modules()), ids=lambda p: str(p))
def test_modules_stay_small(path, rel):
    lines = len(path.read_text().splitlines())
    assert lines <= 520, f"{rel} has {lines} lines; split it by what it holds"


def _loaded_after(statement: str) -> set[str]:
    code = (
        "import sys\n"
        f"{statement}\n"
        "print(' '.join(m for m in ('matplotlib', 'ipywidgets', 'IPython', 'sklearn', 'skimage')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(out.stdout.split())


def test_the_engine_loads_neither_matplotlib_nor_ipywidgets():
    assert _loaded_after("import coursekit.engine") == set()
    assert _loaded_after("from coursekit import pool2d, output_size, pool2d_backward") == set()
    assert _loaded_after("import coursekit.measures, coursekit.cnn") == set()


def test_import_coursekit_is_lazy():
    assert _loaded_after("import coursekit") == set()
    code = (
        "import sys, coursekit\nprint(sorted(m for m in sys.modules if m.startswith('coursekit')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "['coursekit']"


def test_a_figure_loads_matplotlib_only_when_asked_for():
    assert "matplotlib" in _loaded_after("from coursekit import show_map")
    assert "ipywidgets" not in _loaded_after("from coursekit import show_map")


def test_the_checks_never_load_figures_or_widgets():
    loaded = _loaded_after("from coursekit import check, check_beyond, check_implementation")
    assert not loaded & {"matplotlib", "ipywidgets"}


def test_every_public_name_resolves_and_unknown_names_say_so():
    for name in coursekit.__all__:
        assert getattr(coursekit, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'pool3d'"):
        coursekit.pool3d  # noqa: B018
    assert set(coursekit.__all__) <= set(dir(coursekit))


def test_notebooks_import_only_from_the_front_door():
    import json

    for nb_path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(nb_path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            for line in "".join(cell["source"]).splitlines():
                if line.lstrip().startswith(("from coursekit.", "import coursekit.")):
                    pytest.fail(f"{nb_path.name}: {line.strip()!r}; import from coursekit")


def _module_of(parts: list[str]) -> str | None:
    """The coursekit module a relative import names: a file, or a room's __init__."""
    for n in range(len(parts), 0, -1):
        if (PACKAGE.joinpath(*parts[:n]).with_suffix(".py")).is_file():
            return ".".join(parts[:n])
        if (PACKAGE.joinpath(*parts[:n]) / "__init__.py").is_file():
            return ".".join(parts[:n])
    return None


def _graph() -> dict[str, set[str]]:
    """Module -> the modules it imports, at the top or inside a function alike."""
    graph: dict[str, set[str]] = {}
    for path, rel in _modules():
        name = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        package = list(rel.parts[:-1])
        edges = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                parts = base + (node.module.split(".") if node.module else [])
                for alias in node.names:
                    target = _module_of(parts + [alias.name]) or _module_of(parts)
                    if target and target != name:
                        edges.add(target)
    return graph


def test_no_module_imports_itself_round_a_loop():
    """No import cycle between coursekit's modules, counting imports deferred into a
    function (a loop hidden that way still ties the modules together). A room's
    __init__ re-exporting its modules is a way in, not a loop, and is left out."""
    graph = {
        mod: {t for t in edges if not (PACKAGE / t.replace(".", "/") / "__init__.py").is_file()}
        for mod, edges in _graph().items()
    }
    state: dict[str, int] = {}

    def visit(mod: str, trail: list[str]) -> None:
        state[mod] = 1
        for nxt in sorted(graph.get(mod, ())):
            if state.get(nxt) == 1:
                loop = trail[trail.index(nxt) :] + [nxt] if nxt in trail else [mod, nxt]
                raise AssertionError("import loop: " + " -> ".join(loop))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[mod] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod, [mod])


ROOMS = sorted(set(coursekit._HOME.values()))


@pytest.mark.parametrize("room", ROOMS)
def test_the_front_door_and_each_room_agree(room):
    """Every name the front door sends to a room is in that room's __all__, and a room
    exports only what it defines (no room re-exports another's names)."""
    import importlib

    module = importlib.import_module(f"coursekit.{room}")
    sent = {name for name, home in coursekit._HOME.items() if home == room}
    exported = set(module.__all__)
    assert sent <= exported, f"coursekit.{room} lacks {sorted(sent - exported)}"
    for name in exported:
        value = getattr(module, name)
        where = getattr(value, "__module__", None) or f"coursekit.{room}"
        if isinstance(value, (str, int, float, tuple, dict, frozenset)) or where == "builtins":
            continue  # constants carry no module; they are defined where they are imported
        assert where.startswith(f"coursekit.{room}"), (
            f"coursekit.{room} re-exports {name} from {where}"
        )
