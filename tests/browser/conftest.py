"""Fixtures of the browser suite: one JupyterLab and one Chromium per process.

The browser comes from pytest-playwright's ``browser`` fixture, launched as
Debian's Chromium; the course-specific probes stay in labdriver.py.

`make test-browser` runs it on two pytest-xdist workers (``--dist loadgroup``),
each with its own JupyterLab on its own free port and its own Chromium; all the
tests of one notebook stay on one worker.

Skipped, with the way to get Chromium, where there is none; with CI set, that
skip is a failure instead, so CI can never pass without having run it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics

import pytest

from tools.labdriver import CHROMIUM, CHROMIUM_FLAGS, ROOT, jupyter_lab, missing_requirements

SCREENSHOTS = ROOT / "screenshots" / "browser"
REPORT: dict = {"latencies_ms": [], "no_oracle": set(), "ran": False}


@pytest.fixture(scope="session")
def lab():
    reason = missing_requirements()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser suite must run, but {reason}")
        pytest.skip(reason)
    # A CI timeout or a kill sends SIGTERM: turn it into an interrupt, so that the
    # fixtures' finally blocks still stop the server and the browser.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with jupyter_lab() as server:
            yield server
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


# pytest-playwright's fixtures start Playwright and the browser; these settings make it
# launch Debian's Chromium (Playwright may not download a browser here), headless.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
        "timeout": 60_000,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def lab_browser(lab, browser, browser_context_args):
    """One browser context for the run (the course's pages open in it), on pytest-playwright's
    ``browser``; asked for after ``lab``, so a machine without Chromium skips first."""
    context = browser.new_context(**browser_context_args)
    try:
        yield context
    finally:
        context.close()


def pytest_configure(config):
    # Under pytest-xdist each worker has its own JupyterLab and Chromium; only the
    # controller (or a run without workers) clears the screenshots of the last run.
    if not hasattr(config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    REPORT["ran"] = True
    return SCREENSHOTS


@pytest.fixture(scope="session")
def report():
    return REPORT


def pytest_sessionfinish(session):
    """A worker hands its part of the report to the controller."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["ck_report"] = json.dumps(
            {**REPORT, "no_oracle": sorted(REPORT["no_oracle"])}
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller gathers each worker's report (pytest-xdist)."""
    part = getattr(node, "workeroutput", {}).get("ck_report")
    if part:
        part = json.loads(part)
        REPORT["ran"] |= part["ran"]
        REPORT["latencies_ms"] += part["latencies_ms"]
        REPORT["no_oracle"] |= set(part["no_oracle"])


def pytest_terminal_summary(terminalreporter):
    if not REPORT["ran"]:
        return
    write = terminalreporter.write_line
    write(f"Screenshots of the course's widgets in the browser: {SCREENSHOTS}")
    if REPORT["no_oracle"]:
        write(
            "Widgets checked against their kernel only (no oracle in tests/browser/oracles.py): "
            + ", ".join(sorted(REPORT["no_oracle"]))
        )
    lat = REPORT["latencies_ms"]
    if lat:
        write(
            f"Slider key press to updated output, {len(lat)} presses: "
            f"median {statistics.median(lat):.0f} ms, worst {max(lat):.0f} ms "
            "(informative; `make bench-ui` measures it properly)"
        )
