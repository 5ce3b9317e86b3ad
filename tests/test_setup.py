"""The project's own files install and run everything: keep them in step."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import coursekit

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_specs() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    specs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        specs += extra
    return {_name(s): s.replace(" ", "") for s in specs}


def _environment_specs() -> dict[str, str]:
    specs = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        match = re.match(r"^  - ([A-Za-z0-9_.\-]+.*)$", line)
        if in_deps and match:
            spec = match.group(1).split("#")[0].strip()
            if _name(spec) not in ("python", "pip"):
                specs[_name(spec)] = spec.replace(" ", "")
    return specs


def test_environment_yml_lists_the_same_packages_as_pyproject():
    py, env = _pyproject_specs(), _environment_specs()
    assert set(py) == set(env), (
        f"only in pyproject: {set(py) - set(env)}; only in yml: {set(env) - set(py)}"
    )
    for name, spec in py.items():
        assert env[name] == spec, f"{name}: pyproject says {spec}, environment.yml says {env[name]}"


def test_required_packages_are_declared():
    py = _pyproject_specs()
    for name in (
        "jupyterlab",
        "numpy",
        "matplotlib",
        "ipywidgets",
        "ipykernel",
        "pytest",
        "nbval",
        "hypothesis",
    ):
        assert name in py, name


def test_make_targets_and_ci():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "bench", "lint"):
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target} is missing"
    assert "127.0.0.1" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_readme_quick_start_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh|console)?\n(.*?)```", readme, re.S)
    assert blocks, "README has no code block"
    first = [line.strip() for line in blocks[0].splitlines() if line.strip()]
    assert first[:2] == ["make lab", "make test"]


def test_readme_mirrors_the_public_api():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in coursekit.__all__ if f"`{name}" not in readme]
    assert not missing, f"README does not mention {missing}"


def test_all_is_sorted_and_importable():
    assert list(coursekit.__all__) == sorted(coursekit.__all__)
    assert len(set(coursekit.__all__)) == len(coursekit.__all__)
    for name in coursekit.__all__:
        assert hasattr(coursekit, name), name


def test_constraints_pin_every_declared_package_within_its_range():
    """pip and uv both install with -c constraints.txt: the same versions either way."""
    from packaging.requirements import Requirement

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    for spec in _pyproject_specs().values():
        req = Requirement(spec)
        assert _name(req.name) in pins, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pins[_name(req.name)], prereleases=True), (
            f"constraints.txt pins {req.name}=={pins[_name(req.name)]}, outside {spec}"
        )


def test_make_uses_uv_when_present_and_pip_otherwise():
    makefile = (ROOT / "Makefile").read_text()
    assert "command -v uv" in makefile
    assert "$(UV) pip install" in makefile and "-m pip install" in makefile
    assert "-c $(CONSTRAINTS)" in makefile


def test_xdist_keeps_a_group_on_one_worker(tmp_path):
    """The browser suite relies on --dist loadgroup: both tests of a notebook run on the
    worker whose module-scoped fixture opened it. When a pytest / pytest-xdist pair loses
    the grouping (pytest-xdist#1386), each notebook is opened and run twice, silently."""
    import os
    import subprocess
    import sys

    (tmp_path / "test_grouped.py").write_text(
        "import os, pytest\n"
        "PARAMS = [pytest.param(p, marks=pytest.mark.xdist_group(p)) for p in 'abcd']\n"
        "@pytest.fixture(scope='module', params=PARAMS)\n"
        "def thing(request):\n"
        "    return request.param\n"
        "def test_first(thing):\n"
        "    print('RAN', thing, os.environ['PYTEST_XDIST_WORKER'])\n"
        "def test_second(thing):\n"
        "    print('RAN', thing, os.environ['PYTEST_XDIST_WORKER'])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-rA",
            "-q",
            "test_grouped.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    workers: dict[str, set[str]] = {}
    for param, worker in re.findall(r"^RAN (\w) (gw\d+)$", run.stdout, flags=re.M):
        workers.setdefault(param, set()).add(worker)
    assert sorted(workers) == list("abcd"), run.stdout
    split = {p: w for p, w in workers.items() if len(w) > 1}
    assert not split, f"grouped tests ran on more than one worker: {split}"
