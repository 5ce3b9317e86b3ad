"""Drive the course in JupyterLab in headless Chromium: the harness behind tests/browser.

Used by the browser tests (tests/browser/) and by the learner's-wait benchmark
(benchmarks/bench_ui.py). Everything it starts, it stops by process id:

* :func:`jupyter_lab` serves copies of the course folders from the project's
  own environment on 127.0.0.1 and a free port, with no token, with settings
  that suit a test (no news or update checks, no autosave, every cell attached
  to the page), in a throw-away home for settings, workspaces and runtime files.
* :func:`chromium` starts Debian's Chromium with a fresh profile and connects
  Playwright to it (Playwright never downloads a browser here), for the
  benchmark; the tests get theirs from pytest-playwright's ``browser`` fixture,
  launched with the same binary and flags (tests/browser/conftest.py).
* :func:`open_notebook`, :func:`run_all` and friends do what a learner does:
  open a notebook, wait for the kernel, Run All from the menu.
* :func:`probe_widgets` asks the notebook's own kernel which course widgets
  (containers with ``.controls`` and ``.view``) it built, and tags their DOM
  nodes so the browser side can find each control.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_GET_CHROMIUM = (
    f"no Chromium at {CHROMIUM}: install Debian's package with "
    "`sudo apt-get install chromium` (or set CK_CHROMIUM to a Chromium binary), "
    "and Playwright with `make test` (pip install -e '.[test]'); .ci/run does both"
)
COURSE_DIRS = ("notebooks", "solutions")

# Settings a learner could set by hand; here they keep the test quiet and deterministic.
LAB_SETTINGS = {
    # No "Would you like to receive official Jupyter news?" toast over the notebook.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # The copies served are throw-away, but never write to them behind the test's back.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Every cell attached to the DOM, so every output can be read.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def missing_requirements() -> str | None:
    """Why the browser suite cannot run here, or None when it can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return HOW_TO_GET_CHROMIUM
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: `make test` installs it (the test extra)"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen, *, grace: float = 10.0) -> None:
    """Stop a process started with ``start_new_session=True``, and its group, by id."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Lab:
    """A running JupyterLab: where it listens and where its kernels' files live."""

    url: str
    root: Path
    runtime_dir: Path
    proc: subprocess.Popen
    log: Path

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Close every session (and so its kernel), as closing the tab would."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")
        for kernel in self.api("/api/kernels"):
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")


def _jupyter_exe() -> str:
    exe = Path(sys.executable).with_name("jupyter-lab")
    if not exe.exists():
        exe = ROOT / ".venv" / "bin" / "jupyter-lab"
    return str(exe)


@contextlib.contextmanager
def jupyter_lab(source_dirs=COURSE_DIRS, *, base=ROOT, timeout: float = 90.0):
    """Serve copies of ``source_dirs`` (relative to ``base``) in JupyterLab; yield a Lab."""
    home = Path(tempfile.mkdtemp(prefix="ck-lab-"))
    root = home / "course"
    for name in source_dirs:
        src = Path(base) / name
        shutil.copytree(src, root / Path(name).name, ignore=shutil.ignore_patterns(".ipynb_*"))
    settings = home / "settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(os.environ)
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_DATA_DIR=str(home / "data"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "mpl"),
        PYTHONWARNINGS="",
    )
    env.setdefault("COURSEKIT_PROGRESS", str(home / "progress.json"))
    proc = None
    try:
        for _attempt in range(3):
            port = free_port()
            log = home / f"lab-{port}.log"
            cmd = [
                _jupyter_exe(),
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.root_dir={root}",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                "--ServerApp.disable_check_xsrf=True",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ]
            if os.geteuid() == 0:
                cmd.append("--allow-root")
            with open(log, "wb") as out:
                proc = subprocess.Popen(
                    cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            lab = Lab(f"http://127.0.0.1:{port}", root, home / "runtime", proc, log)
            deadline = time.monotonic() + timeout
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    lab.api("/api/status")
                    break
                except OSError:
                    time.sleep(0.25)
            if proc.poll() is None and time.monotonic() < deadline:
                break
            stop_process(proc)
        else:
            raise RuntimeError(f"JupyterLab did not start; its log:\n{log.read_text()[-3000:]}")
        yield lab
    finally:
        if proc is not None:
            stop_process(proc)
        shutil.rmtree(home, ignore_errors=True)


def _processes_using(marker: str) -> dict[int, int]:
    """Process id -> parent id of every process whose command line contains ``marker``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if marker in cmdline:
                stat = (entry / "stat").read_text()
                found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    return found


@contextlib.contextmanager
def chromium(*, timeout: float = 60.0):
    """Launch Chromium with a fresh profile; yield a Playwright BrowserContext.

    Playwright launches Debian's Chromium (``executable_path``), never a browser
    of its own. On the way out the context is closed, then the browser's main
    process, found by its unique profile folder, is stopped by its id.
    """
    from playwright.sync_api import sync_playwright

    profile = Path(tempfile.mkdtemp(prefix="ck-chromium-"))
    pw = sync_playwright().start()
    context = None
    try:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            timeout=timeout * 1000,
        )
        yield context
    finally:
        procs = _processes_using(str(profile))
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()
        with contextlib.suppress(Exception):
            pw.stop()
        for pid, parent in procs.items():
            if parent not in procs:  # the browser's main process; its children follow it
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(profile, ignore_errors=True)


# --------------------------------------------------------------------------- the page


def notebook_url(lab: Lab, relpath: str) -> str:
    """The URL that opens ``relpath`` in a fresh workspace (no tabs from earlier pages)."""
    return f"{lab.url}/lab/tree/{relpath}?reset"


_KERNEL_STATUS_JS = """() => {
  const item = document.querySelector('.jp-StatusBar-TextItem[title^="Change kernel"]');
  return item ? item.textContent : '';
}"""


def kernel_status(page) -> str:
    """The status bar's kernel text, e.g. ``"Python 3 (ipykernel) | Idle"``."""
    return page.evaluate(_KERNEL_STATUS_JS)


def wait_kernel_idle(page, *, stable: float = 1.0, timeout: float = 120.0) -> None:
    """Wait until the kernel has been idle for ``stable`` seconds without a break.

    Run All on a kernel that is still starting can raise JupyterLab's
    "Select Kernel" dialog; a kernel idle for a moment is ready.
    """
    deadline = time.monotonic() + timeout
    since = None
    while time.monotonic() < deadline:
        dialog = page.query_selector(".jp-Dialog")
        if dialog is not None and "Select Kernel" in dialog.inner_text():
            # What a learner does when a notebook names no kernel: accept the default.
            page.click(".jp-Dialog .jp-mod-accept")
        status = kernel_status(page)
        busy_prompts = page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))"
            ".some(e => e.textContent.includes('*'))"
        )
        if status.endswith("| Idle") and not busy_prompts:
            since = since or time.monotonic()
            if time.monotonic() - since >= stable:
                return
        else:
            since = None
        time.sleep(0.1)
    raise TimeoutError(f"kernel not idle after {timeout:.0f} s (status bar: {status!r})")


def open_notebook(page, lab: Lab, relpath: str, *, timeout: float = 120.0) -> None:
    """Open a notebook as a learner would and wait until its kernel is ready."""
    page.goto(notebook_url(lab, relpath), timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout * 1000)
    wait_kernel_idle(page, stable=1.0, timeout=timeout)


def run_all(page, *, timeout: float = 180.0) -> float:
    """Run > Run All Cells from the menu bar; wait for the kernel; return the seconds taken."""
    start = time.monotonic()
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    # The first cell shows [*] almost at once; then wait for a lasting idle.
    with contextlib.suppress(Exception):
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))"
            ".some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))",
            timeout=10_000,
        )
    wait_kernel_idle(page, stable=0.5, timeout=timeout)
    return time.monotonic() - start


_PROBLEMS_JS = """() => {
  const cells = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell'));
  const problems = [];
  cells.forEach((cell, i) => {
    if (!cell.classList.contains('jp-CodeCell')) return;
    const source = (cell.querySelector('.cm-content') || {}).textContent || '';
    const prompt = (cell.querySelector('.jp-InputPrompt') || {}).textContent || '';
    if (source.trim() && !/\\[\\d+\\]/.test(prompt)) {
      problems.push({cell: i, kind: 'not run', text: prompt.trim()});
    }
    cell.querySelectorAll('.jp-OutputArea-output').forEach(out => {
      const mime = out.getAttribute('data-mime-type') || '';
      const text = out.innerText || '';
      if (mime === 'application/vnd.jupyter.stderr') {
        problems.push({cell: i, kind: /Traceback|Error/.test(text) ? 'error' : 'stderr', text});
      } else if (/Error displaying widget|Failed to display|Could not render/i.test(text)) {
        problems.push({cell: i, kind: 'widget error', text});
      }
    });
  });
  return problems;
}"""


def problems(page) -> list[dict]:
    """Error and stderr outputs, cells left unrun, and widgets that failed to render."""
    return page.evaluate(_PROBLEMS_JS)


# --------------------------------------------------------------------------- the kernel

# Runs in the notebook's kernel: find every course widget (a container with
# ``.controls`` and ``.view``), give its DOM nodes classes the test can select,
# and describe its controls and the function that built it.
_PROBE = r"""
def __ck_probe():
    import inspect, json
    import numpy as np
    try:
        from ipywidgets.widgets.widget import _instances
    except ImportError:  # older ipywidgets
        from ipywidgets import Widget
        _instances = Widget.widgets

    def plain(v):
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v if isinstance(v, (int, float, str, bool, type(None))) else repr(v)

    boxes = globals().setdefault("__ck_boxes", [])
    for box in list(_instances.values()):
        controls, view = getattr(box, "controls", None), getattr(box, "view", None)
        if not isinstance(controls, dict) or view is None or any(b is box for b in boxes):
            continue
        boxes.append(box)
    found = []
    for n, box in enumerate(boxes):
        box.add_class(f"ck-test-w{n}")
        box.view.add_class(f"ck-test-w{n}-view")
        controls, factory, inputs = [], None, {}
        for j, (name, c) in enumerate(box.controls.items()):
            c.add_class(f"ck-test-w{n}-c{j}")
            d = {"name": name, "selector": f".ck-test-w{n}-c{j}", "type": type(c).__name__,
                 "value": plain(c.value), "disabled": bool(getattr(c, "disabled", False))}
            for k in ("min", "max", "step"):
                if hasattr(c, k):
                    d[k] = plain(getattr(c, k))
            if hasattr(c, "_options_labels"):
                d["labels"], d["index"] = list(c._options_labels), c.index
            controls.append(d)
            for fn in c._trait_notifiers.get("value", {}).get("change", []):
                q = getattr(fn, "__qualname__", "")
                if factory is None and ".<locals>" in q:
                    factory = f"{fn.__module__}.{q.split('.<locals>')[0]}"
                    for k, val in inspect.getclosurevars(fn).nonlocals.items():
                        if isinstance(val, np.ndarray) and val.size <= 300_000:
                            inputs[k] = {"array": val.tolist(), "dtype": str(val.dtype)}
                        elif isinstance(val, (int, float, str, bool)):
                            inputs[k] = val
        found.append({"n": n, "factory": factory, "inputs": inputs, "controls": controls,
                      "box": f".ck-test-w{n}", "view": f".ck-test-w{n}-view"})
    return found

print(__import__("json").dumps(__ck_probe()))
"""

_STATE = r"""
def __ck_state(n):
    import html, json, re
    import numpy as np
    box = __ck_boxes[n]
    values = {k: (c.value.item() if isinstance(c.value, np.generic) else c.value)
              for k, c in box.controls.items()}
    texts = []
    def walk(wd):
        v = getattr(wd, "value", None)
        if isinstance(v, str):
            texts.append(v)
        for child in getattr(wd, "children", ()):
            walk(child)
    walk(box.view)
    joined = "".join(texts)
    find = lambda pattern: [html.unescape(m) for m in re.findall(pattern, joined, re.S)]
    labels = {k: c.label for k, c in box.controls.items() if hasattr(c, "_options_labels")}
    return {"values": values, "labels": labels,
            "ck_values": find(r'<code class="ck-values">(.*?)</code>'),
            "errors": find(r'class="ck-error"[^>]*>(.*?)</div>')}

print(__import__("json").dumps(__ck_state({n})))
"""


@contextlib.contextmanager
def kernel_of(lab: Lab, relpath: str, *, timeout: float = 30.0):
    """A jupyter_client to the kernel of the open notebook ``relpath`` (the same kernel)."""
    from jupyter_client import BlockingKernelClient

    deadline = time.monotonic() + timeout
    while True:
        sessions = [s for s in lab.api("/api/sessions") if s.get("path") == relpath]
        if sessions or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if not sessions:
        raise RuntimeError(f"no kernel session for {relpath}")
    kernel_id = sessions[0]["kernel"]["id"]
    client = BlockingKernelClient()
    client.load_connection_file(str(lab.runtime_dir / f"kernel-{kernel_id}.json"))
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        yield client
    finally:
        client.stop_channels()


def kernel_json(client, code: str, *, timeout: float = 30.0):
    """Run ``code`` (which prints one JSON document) in the kernel; return it parsed."""
    chunks, errors = [], []

    def hook(msg):
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream" and content["name"] == "stdout":
            chunks.append(content["text"])
        elif kind == "error":
            errors.append("\n".join(content["traceback"]))

    client.execute_interactive(code, store_history=False, output_hook=hook, timeout=timeout)
    if errors:
        raise RuntimeError(f"kernel probe failed:\n{errors[0]}")
    return json.loads("".join(chunks))


def probe_widgets(client) -> list[dict]:
    """Describe and tag every course widget the kernel holds (see ``_PROBE``)."""
    return kernel_json(client, _PROBE)


def widget_state(client, n: int) -> dict:
    """Control values and the ck-values / ck-error texts of widget ``n``, kernel side."""
    return kernel_json(client, _STATE.replace("{n}", str(int(n))))


# --------------------------------------------------------------------------- the controls

SLIDERS = {"IntSlider", "FloatSlider", "FloatLogSlider", "SelectionSlider"}
MENUS = {"Dropdown", "Select"}
TEXT_BOXES = {"IntText", "BoundedIntText", "FloatText", "BoundedFloatText"}

_WATCH_JS = """(sel) => {
  const el = document.querySelector(sel);
  // Any redraw counts (the values, a label, an image): it is what the learner waits for.
  const sig = () => el.innerHTML;
  const start = sig();
  let t0 = null;
  const mark = () => { if (t0 === null) t0 = performance.now(); };
  for (const kind of ['keydown', 'pointerdown', 'change']) {
    document.addEventListener(kind, mark, {capture: true, once: true});
  }
  window.__ckChange = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (sig() === start) return;
      obs.disconnect();
      // Count until the frame that shows the new output is about to be painted.
      requestAnimationFrame(() => resolve(t0 === null ? null : performance.now() - t0));
    });
    obs.observe(el, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, 10000);
  });
}"""


def watch_view(page, view_selector: str) -> None:
    """Start timing: from the next key press, click or change to the view's next change."""
    page.evaluate(_WATCH_JS, view_selector)


def view_changed_after(page, *, wait: float = 0.2) -> float | None:
    """Milliseconds from the input to the view's change; None when it has not changed.

    Call it once the page shows the expected output: a change has then already
    been timed, and ``wait`` seconds more cover a view that did not need to change.
    """
    ms = page.evaluate(
        "(wait) => Promise.race([window.__ckChange,"
        " new Promise(resolve => setTimeout(() => resolve(-1), wait))])",
        int(wait * 1000),
    )
    return None if ms is None or ms < 0 else float(ms)


_READ_VIEW_JS = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  const texts = q => Array.from(el.querySelectorAll(q)).map(e => e.textContent);
  return {ck_values: texts('.ck-values'), errors: texts('.ck-error'),
          images: Array.from(el.querySelectorAll('img')).map(e => e.src.length),
          text: el.innerText};
}"""


def read_view(page, view_selector: str) -> dict | None:
    """What the browser shows in a widget's view: ck-values, ck-error texts, plain text."""
    return page.evaluate(_READ_VIEW_JS, view_selector)


def next_value(control: dict):
    """The value one learner's step away, and how to get there: (value, action, argument)."""
    kind, value = control["type"], control["value"]
    if kind in SLIDERS:
        if kind == "SelectionSlider":
            i = control["index"]
            up = i + 1 < len(control["labels"])
            return (
                control["labels"][i + 1 if up else i - 1],
                "key",
                ("ArrowRight" if up else "ArrowLeft"),
            )
        if kind == "FloatLogSlider":
            raise NotImplementedError("FloatLogSlider")
        step = control.get("step") or 1
        up = value + step <= control["max"]
        new = value + step if up else value - step
        if kind == "FloatSlider":
            new = round(new, 10)
        return new, "key", "ArrowRight" if up else "ArrowLeft"
    if kind in MENUS | {"ToggleButtons", "RadioButtons"}:
        i = (control["index"] + 1) % len(control["labels"])
        return control["labels"][i], "choose", i
    if kind in {"Checkbox", "ToggleButton"}:
        return not value, "click", None
    if kind in TEXT_BOXES:
        step = control.get("step") or 1
        new = value + step if value + step <= control.get("max", float("inf")) else value - step
        return new, "type", new
    raise NotImplementedError(f"no browser driver for a {kind} control")


def move_control(page, control: dict, action: str, argument) -> None:
    """Do what a learner does to a control: key on a slider, choose, click, type."""
    sel = control["selector"]
    kind = control["type"]
    if action == "key":
        page.locator(f"{sel} .noUi-handle").first.press(argument)
    elif kind in MENUS:
        page.locator(f"{sel} select").select_option(label=control["labels"][argument])
    elif kind == "ToggleButtons":
        page.locator(f"{sel} button").nth(argument).click()
    elif kind == "RadioButtons":
        page.locator(f"{sel} input[type=radio]").nth(argument).click()
    elif kind == "Checkbox":
        page.locator(f"{sel} input[type=checkbox]").click()
    elif kind == "ToggleButton":
        page.locator(sel).click()
    elif action == "type":
        box = page.locator(f"{sel} input")
        box.fill(str(argument))
        box.press("Enter")
    else:  # pragma: no cover - next_value raises first
        raise NotImplementedError(kind)
