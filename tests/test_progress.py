"""The progress file: round trip, damage, unwritable places, two kernels at once."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import pytest

import coursekit
from coursekit import Feedback, check
from coursekit import progress as progress_module_attr
from coursekit.checks.progress import ENV_VAR, all_parts, progress, progress_path, record
from coursekit.checks.registry import IMPLEMENTATION_PARTS, REGISTRY

prog = sys.modules["coursekit.checks.store"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def path(tmp_path, monkeypatch):
    """A fresh progress file and a fresh module state for each test."""
    target = tmp_path / "store" / "progress.json"
    monkeypatch.setenv(ENV_VAR, str(target))
    monkeypatch.setattr(prog, "_session", {})
    monkeypatch.setattr(prog, "_unsaved", {})
    monkeypatch.setattr(prog, "_printed", set())
    monkeypatch.setattr(prog, "_problems", {})
    return target


def saved(target: Path) -> dict:
    return json.loads(target.read_text(encoding="utf-8"))["parts"]


# -- where the file is -------------------------------------------------------


def test_env_var_gives_the_full_path(path):
    assert progress_path() == path


def test_default_is_in_the_learners_home(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress_path() == tmp_path / ".local" / "share" / "coursekit" / "progress.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert progress_path() == tmp_path / "data" / "coursekit" / "progress.json"


def test_default_is_outside_the_repository(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert not progress_path().resolve().is_relative_to(ROOT)


def test_a_path_inside_the_repository_is_refused(path, monkeypatch, capsys):
    inside = ROOT / "progress-should-not-exist.json"
    monkeypatch.setenv(ENV_VAR, str(inside))
    record("9.1")
    record("9.2")
    assert not inside.exists()
    out = capsys.readouterr().out
    assert out.count("not saved inside the course repository") == 1
    report = progress()
    assert report.done == ["9.1", "9.2"]  # kept for this session
    assert "repository" in report.note


# -- round trip --------------------------------------------------------------


def test_record_round_trips(path):
    record("9.1")
    record("9.3")
    parts = saved(path)
    assert set(parts) == {"9.1", "9.3"}
    assert parts["9.1"]["count"] == 1
    assert parts["9.1"]["first"] <= parts["9.1"]["last"]
    first = parts["9.1"]["first"]
    record("9.1")
    parts = saved(path)
    assert parts["9.1"]["count"] == 2
    assert parts["9.1"]["first"] == first
    # A new session (module state gone) reads the same parts back.
    prog._session.clear()
    report = progress()
    assert report.done == ["9.1", "9.3"]
    assert report.path == path
    assert "9.2" in report.todo


def test_the_file_is_replaced_atomically_and_locked_on_a_side_file(path):
    record("9.4")
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["progress.json", "progress.json.lock"]  # no temporary file left


@pytest.mark.parametrize("junk", [None, 3, "", "   ", b"9.1", ["9.1"]])
def test_record_ignores_what_is_not_a_part(path, junk):
    record(junk)
    assert not path.exists()
    assert progress().done == []


def test_a_feedback_is_a_plain_value_and_the_checks_record(path):
    Feedback(True, "right", part="9.2")  # making a value writes nothing
    assert not path.exists()
    assert check("3a", 90).ok
    assert set(saved(path)) == {"3a"}


def test_progress_is_importable_as_a_function(path):
    assert callable(coursekit.checks.progress)
    assert progress_module_attr is progress


# -- the overview ------------------------------------------------------------


def test_every_part_is_listed_in_text_and_html(path):
    record("9.2")
    report = progress()
    text, page = repr(report), report._repr_html_()
    for part, title in all_parts().items():
        assert part in text and title in text
        assert f"<code>{part}</code>" in page
    assert str(path) in text and str(path) in page
    done = len(report.done)
    assert f"{done} of {len(report.rows)} parts done" in text
    assert text.count("not yet") == len(report.rows) - done
    assert page.count("&#10004; done") == done
    assert '<a href="09_build_your_own_pool.ipynb">' in page


def test_parts_come_from_the_one_registry_in_course_order(path):
    from coursekit.checks import registry

    assert all_parts() == registry.PARTS
    parts = list(all_parts())
    assert parts[:2] == ["00", "01"] and parts[-1] == "20"
    at = parts.index("9.1")
    assert parts[at : at + len(IMPLEMENTATION_PARTS)] == list(IMPLEMENTATION_PARTS)
    record("2")
    report = progress()
    assert report.done == ["2"]
    assert [r for r in report.rows if r[1] == "2"][0][0] == "11_exercise_2_break_invariance"


def test_progress_reads_the_registry_by_explicit_import():
    source = Path(coursekit.checks.progress.__module__.replace(".", "/") + ".py")
    text = (Path(coursekit.__file__).parent.parent / source).read_text()
    assert "__import__" not in text and "from .registry import" in text


def test_parts_unknown_to_the_course_are_still_shown(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "parts": {"zz-old": {"first": "2020"}}}))
    report = progress()
    assert report.rows[-1][:2] == ("other", "zz-old") and report.rows[-1][3]
    # audit 2, M15: the count is of the course's parts only, never "1 of 37"
    assert "zz-old" not in report.done and report.total == len(REGISTRY)
    assert f"0 of {len(REGISTRY)} parts done" in repr(report)


# -- damage and unwritable places ---------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2, 3]", b'{"parts": "9.1"}', b"\xff\xfe\x00garbage"],
    ids=["bad-json", "a-list", "parts-not-a-mapping", "binary"],
)
def test_a_damaged_file_is_kept_aside_reported_once_and_replaced(path, capsys, content):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    before = progress()  # reading does not change the file
    assert "damaged" in before.note and "damaged" in before._repr_html_()
    assert path.read_bytes() == content
    assert check("3a", 90).ok  # the check still answers
    record("9.1")
    assert set(saved(path)) == {"3a", "9.1"}
    (kept,) = path.parent.glob("progress.json.damaged-*")
    assert kept.read_bytes() == content
    out_first = capsys.readouterr().out
    record("9.2")
    out = out_first + capsys.readouterr().out
    assert out.count("was damaged") == 1
    assert set(saved(path)) == {"3a", "9.1", "9.2"}
    assert f"moved aside to {kept}" in progress().note
    assert str(kept) in out_first


def test_an_empty_file_is_not_damage(path, capsys):
    path.parent.mkdir(parents=True)
    path.write_text("")
    record("9.3")
    assert capsys.readouterr().out == ""
    assert set(saved(path)) == {"9.3"}


def test_an_unwritable_location_is_reported_once_and_the_session_remembers(
    path, monkeypatch, capsys
):
    blocker = path.parent.parent / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "progress.json"  # its parent is a file: nothing can be written
    monkeypatch.setenv(ENV_VAR, str(target))
    record("9.1")
    record("9.2")
    out = capsys.readouterr().out
    assert out.count("could not save your progress") == 1
    assert ENV_VAR in out
    report = progress()
    assert report.done == ["9.1", "9.2"]
    assert "could not save" in report.note
    assert "could not save" in repr(report)


def test_a_directory_in_place_of_the_file_is_reported(path, capsys):
    path.mkdir(parents=True)
    record("9.4")
    assert "could not save your progress" in capsys.readouterr().out
    assert progress().done == ["9.4"]


def test_a_location_that_works_again_saves_the_session_and_clears_the_note(
    path, monkeypatch, capsys
):
    blocker = path.parent.parent / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(ENV_VAR, str(blocker / "progress.json"))
    record("9.1")
    assert progress().note
    blocker.unlink()
    record("9.2")
    assert progress().note == ""
    assert set(saved(blocker / "progress.json")) == {"9.1", "9.2"}


def test_record_never_raises_even_on_unexpected_errors(path, monkeypatch, capsys):
    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(prog, "_locked", boom)
    record("9.1")
    assert "disk on fire" in capsys.readouterr().out


# -- two kernels at once ------------------------------------------------------


def _record_many(target: str, name: str, count: int, start) -> None:
    import os

    os.environ[ENV_VAR] = target
    from coursekit.checks.progress import record as record_in_child

    start.wait(60)
    for i in range(count):
        record_in_child(f"{name}-{i}")
        record_in_child("shared")


def test_two_processes_writing_at_once_lose_no_record(path):
    count = 60
    ctx = multiprocessing.get_context("spawn")  # two fresh interpreters, like two kernels
    start = ctx.Event()
    workers = [
        ctx.Process(target=_record_many, args=(str(path), name, count, start)) for name in "AB"
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    parts = saved(path)
    expected = {f"{name}-{i}" for name in "AB" for i in range(count)} | {"shared"}
    assert set(parts) == expected
    assert parts["shared"]["count"] == 2 * count


# -- damaged records and deeply nested files (issue 12, item 7) ---------------------------


def test_a_damaged_record_is_set_aside_once_and_later_saves_go_on(path, capsys):
    path.parent.mkdir(parents=True)
    good = {"first": "2026-01-01T00:00:00+00:00", "last": "2026-01-01T00:00:00+00:00", "count": 1}
    path.write_text(
        json.dumps({"format": 1, "parts": {"3a": good, "3b": {"count": "many"}, "3c": [1]}})
    )
    record("9.1")
    record("9.2")
    out = capsys.readouterr().out
    assert out.count("damaged record") == 1 and "set aside" in out
    data = json.loads(path.read_text())
    assert set(data["parts"]) == {"3a", "9.1", "9.2"}
    assert data["set_aside"] == {"3b": {"count": "many"}, "3c": [1]}
    assert progress().done == ["9.1", "9.2", "3a"]
    record("3b")  # the part can be solved again: a fresh record
    assert json.loads(path.read_text())["parts"]["3b"]["count"] == 1


def test_a_file_of_deeply_nested_brackets_is_moved_aside(path, capsys):
    path.parent.mkdir(parents=True)
    path.write_text("[" * 200_000 + "]" * 200_000)
    report = progress()  # no RecursionError
    assert "damaged" in report.note
    record("9.1")
    assert set(saved(path)) == {"9.1"}
    assert "moved aside to" in capsys.readouterr().out


def test_two_damaged_files_are_both_kept(path, capsys):
    path.parent.mkdir(parents=True)
    for content in ("not json", "still not json"):
        path.write_text(content)
        record("9.1")
    kept = sorted(p.read_text() for p in path.parent.glob("progress.json.damaged-*"))
    assert kept == ["not json", "still not json"]


def test_a_record_without_a_first_time_is_not_counted_as_done(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "parts": {"2": {}, "3a": {"first": None}}}))
    assert progress().done == []


# -- audit 2 (report2.md, P1, P2, M15) ------------------------------------------


def test_p1_a_damaged_file_is_replaced_with_every_part_of_this_session(path):
    record("1a")
    record("3a")
    path.write_text("{not json")
    record("3b")
    assert sorted(json.loads(path.read_text())["parts"]) == ["1a", "3a", "3b"]


def test_m15_each_damaged_file_set_aside_is_printed(path, capsys):
    record("1a")
    for _ in range(2):
        path.write_text("{not json")
        record("3a")
    printed = capsys.readouterr().out
    assert printed.count("moved aside") == 2
    assert len(list(path.parent.glob("progress.json.damaged-*"))) == 2


def test_p2_a_set_aside_entry_that_is_not_a_mapping_is_kept_and_said(path, capsys):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "parts": {}, "set_aside": [1, 2]}))
    record("1a")
    data = json.loads(path.read_text())
    assert data["set_aside"]["set_aside"] == [1, 2] and "1a" in data["parts"]
    assert "set aside" in capsys.readouterr().out
