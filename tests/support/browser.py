"""JupyterLab in headless Chromium, for tests that use the notebooks the way a learner does.

`lab` runs JupyterLab 4 for one test module, on a free loopback port, over copies of the
notebooks (the repo's own never get outputs), its kernels pointed at a sandbox of their own;
`browser` is Debian's Chromium for that module, and `page` a fresh tab for each test that
screenshots itself when its test fails. The helpers open a notebook, run it, type into
its widgets, click them, and wait for what it shows. A test module loads all of this with
`pytest_plugins = ["tests.support.browser"]`.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import psutil
import pytest

from tests.support.kernels import server_options
from tests.support.notebooks import NOTEBOOKS, execute, point_kernels_at
from tests.support.paths import ROOT
from tests.support.sandbox_server import SandboxServer, free_port, start_sandbox

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1600, "height": 1000}
OUTPUTS = ".jp-OutputArea-output"
START_TIMEOUT_S = 90.0

# Settings every lab starts with: the kit's own (`lab/overrides.json`, what `make lab` uses:
# no news prompt, no update check), and for the tests every cell kept in the DOM (the
# default leaves cells outside the viewport out of it).
KIT_SETTINGS = ROOT / "lab" / "overrides.json"
TEST_SETTINGS = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}

# In the page (`--LabApp.expose_app_in_browser` exposes `window.jupyterapp`): the panel of the
# notebook `open_notebook` opened, its kernel's status, and its cells still pending `[*]`.
PAGE_SCRIPT = """
window.gtl = {
  path: null,
  statusChangedAt: Date.now(),
  runAll: 'none',
  panel(path = window.gtl.path) {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    return Array.from(app.shell.widgets('main')).find(
      (w) => w.context && w.sessionContext && w.context.path === path) || null;
  },
  kernelIdle(path) {
    const panel = window.gtl.panel(path);
    if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
  },
  pendingCells() {
    const panel = window.gtl.panel();
    if (!panel) return 0;
    return Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
      .filter((prompt) => prompt.textContent.includes('*')).length;
  },
  settled(quietMs) {
    return window.gtl.kernelIdle() && window.gtl.pendingCells() === 0
      && Date.now() - window.gtl.statusChangedAt >= quietMs;
  },
};
"""

TRACK_NOTEBOOK = """
(path) => {
  window.gtl.path = path;
  window.gtl.panel().sessionContext.statusChanged.connect(() => {
    window.gtl.statusChangedAt = Date.now();
  });
}
"""

START_RUN_ALL = """
() => {
  const app = window.jupyterapp;
  app.shell.activateById(window.gtl.panel().id);
  window.gtl.runAll = 'running';
  app.commands.execute('notebook:run-all-cells').then(
    () => { window.gtl.runAll = 'done'; },
    (error) => { window.gtl.runAll = 'failed: ' + error; });
}
"""

ERRORS_SHOWN = """
() => {
  const errors = [];
  for (const cell of window.gtl.panel().content.model.cells) {
    for (const output of cell.toJSON().outputs || []) {
      const text = [].concat(output.text || []).join('');
      if (output.output_type === 'error') {
        errors.push(output.ename + ': ' + output.evalue);
      } else if (output.name === 'stderr' && text.includes('Traceback')) {
        errors.push(text);
      }
    }
  }
  return errors;
}
"""


# For each thread view at a selector: does it overflow, is it scrolled to its newest text, is
# that text's element inside the pane's visible box, and is the "new messages" marker shown.
THREAD_STATES = """
(selector) => Array.from(document.querySelectorAll(selector)).map((view) => {
  const scroller = view.querySelector('.gtl-thread');
  const bubbles = scroller.querySelectorAll('.gtl-bubble');
  const newest = bubbles[bubbles.length - 1];
  const box = scroller.getBoundingClientRect();
  const shown = newest ? newest.getBoundingClientRect() : null;
  const marker = view.querySelector('.gtl-new-messages');
  return {
    overflows: scroller.scrollHeight > scroller.clientHeight,
    scrollTop: scroller.scrollTop,
    atBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 2,
    newestVisible: !!shown && shown.top >= box.top - 1 && shown.bottom <= box.bottom + 1,
    newest: newest ? newest.querySelector('.gtl-text').textContent : '',
    marker: !!marker && !marker.hidden && marker.offsetParent !== null,
  };
})
"""

# Anything over the notebook: a dialog, or a toast (JupyterLab's news question is one).
OVERLAYS = ".jp-Dialog, .Toastify__toast, .jp-Notification-Toast"


@dataclass
class Lab:
    """A running JupyterLab: its address, its token, its sandbox and its copies of the notebooks."""

    url: str
    token: str = field(repr=False)
    sandbox: SandboxServer
    root_dir: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    log: Path

    def api(self, method: str, path: str) -> Any:
        """Call JupyterLab's REST API (`/api/...`) with the token; the JSON answer, or None."""
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def restore_notebook(self, name: str) -> None:
        """Shut down the kernels of `name` and copy the repo's notebook over the lab's copy."""
        for session in self.api("GET", "/api/sessions"):
            if session["path"] == name:
                self.api("DELETE", f"/api/sessions/{session['id']}")
        shutil.copyfile(NOTEBOOKS / name, self.root_dir / name)

    def redacted(self, text: str) -> str:
        return text.replace(self.token, "<token>")

    def stop(self) -> None:
        """Stop JupyterLab (it shuts its kernels down on SIGTERM), then whatever it left behind."""
        stop_tree(self.process)


def stop_tree(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM a server, SIGKILL it if it lingers, then kill whatever it left behind."""
    try:
        children = psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    _, alive = psutil.wait_procs(children, timeout=5)
    for process in alive:
        process.kill()


@dataclass
class Voila:
    """`make playground`'s page: Voila serving the playground notebook, kernels on a sandbox."""

    url: str
    process: subprocess.Popen[bytes] = field(repr=False)
    log: Path

    def stop(self) -> None:
        stop_tree(self.process)


def serve(
    command: list[str], log: Path, sandbox: SandboxServer, state: Path, **environment: str
) -> subprocess.Popen[bytes]:
    """Start a Jupyter server in its own session, its kernels on `sandbox`, its config and
    runtime files under `state`, its output in `log`."""
    with pytest.MonkeyPatch.context() as env, open(log, "ab") as output:
        point_kernels_at(sandbox, env)
        env.setenv("JUPYTER_CONFIG_DIR", str(state / "config"))
        env.setenv("JUPYTER_RUNTIME_DIR", str(state / "runtime"))
        for name, value in environment.items():
            env.setenv(name, value)
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=dict(os.environ),
        )


def start_voila(directory: Path, sandbox: SandboxServer) -> Voila:
    """Serve `notebooks/app/playground.ipynb` as `make playground` does, on a free port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "voila",
        str(NOTEBOOKS / "app" / "playground.ipynb"),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        *server_options(directory),
    ]
    log = directory / "voila.log"
    process = serve(command, log, sandbox, directory / "voila")
    voila = Voila(f"http://127.0.0.1:{port}/", process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:  # a GET of the page would start a kernel
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return voila
        time.sleep(0.2)
    voila.stop()
    raise RuntimeError(f"Voila did not answer; its log ends:\n{log.read_text()[-3000:]}")


def start_lab(directory: Path, sandbox: SandboxServer) -> Lab:
    """Start `jupyter lab` over copies of the notebooks in `directory`, kernels on `sandbox`."""
    root_dir = directory / "notebooks"
    root_dir.mkdir()
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        shutil.copyfile(notebook, root_dir / notebook.name)
    settings = directory / "app-settings"
    settings.mkdir()
    overrides = json.loads(KIT_SETTINGS.read_text()) | TEST_SETTINGS
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2))
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.user_settings_dir={directory / 'user-settings'}",
        f"--LabApp.workspaces_dir={directory / 'workspaces'}",
        *server_options(directory),
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    token = secrets.token_hex(24)
    log = directory / "jupyterlab.log"
    # The token in the environment, not on the command line, where `ps` shows it.
    process = serve(command, log, sandbox, directory / "lab", JUPYTER_TOKEN=token)
    lab = Lab(f"http://127.0.0.1:{port}", token, sandbox, root_dir, process, log)
    try:
        wait_until_answering(lab)
    except BaseException:
        lab.stop()
        raise
    return lab


def wait_until_answering(lab: Lab, timeout_s: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            break
        try:
            lab.api("GET", "/api/status")
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    tail = lab.redacted(lab.log.read_text(errors="replace")[-3000:])
    raise RuntimeError(f"JupyterLab did not answer at {lab.url}; its log ends:\n{tail}")


def require_browser() -> None:
    """Skip, saying why, when there is no Chromium to drive or no Playwright to drive it."""
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM}: the browser tests need Debian's chromium (apt-get install)")
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        pytest.skip("playwright cannot be imported: pip install -r requirements.txt")


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember on the test item that its call failed, for `page` to take a screenshot."""
    report: pytest.TestReport = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab over copies of the notebooks, with its kernels on a sandbox of its own."""
    require_browser()
    directory = tmp_path_factory.mktemp("lab")
    sandbox = start_sandbox(directory)
    try:
        running = start_lab(directory, sandbox)
        try:
            yield running
        finally:
            running.stop()
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (Playwright never downloads a browser of its own here)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab, wide enough for side-by-side panes; screenshotted if its test fails."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.add_init_script(PAGE_SCRIPT)
    try:
        yield tab
        if request.node.stash.get(FAILED, False):
            screenshot(tab, f"{request.node.name}-failed")
    finally:
        context.close()


def run_headless(lab: Lab, *names: str) -> None:
    """Run notebooks top to bottom without the browser (nbclient) against the lab's sandbox.

    For what a test needs done before it opens its own notebook, e.g. `00_setup.ipynb`.
    """
    with pytest.MonkeyPatch.context() as env:
        point_kernels_at(lab.sandbox, env)
        for name in names:
            execute(NOTEBOOKS / name)


def as_left_by(lab: Lab, *names: str) -> None:
    """The lab's sandbox (and the kit's state) as running `names` headless on a fresh sandbox
    leaves it. The first time they run and the state is saved beside the lab; after that it is
    put back: half a second, where 00 and 01 take ten (mostly waiting for carriers' reports)."""
    saved = lab.root_dir.parent / "left-by" / "+".join(Path(name).stem for name in names)
    if saved.exists():
        lab.sandbox.restore(saved)
        return
    lab.sandbox.reset()
    run_headless(lab, *names)
    lab.sandbox.save(saved)


def open_notebook(
    page: Page, lab: Lab, name: str, *, fresh: bool = True, timeout_s: float = 60
) -> None:
    """Open notebook `name` in JupyterLab and wait until its kernel is idle.

    `fresh` (the default) starts from the repo's copy with a new kernel, so nothing a previous
    test ran or showed is still there. The workspace is reset: `name` is the only tab.
    """
    from playwright.sync_api import Error

    if fresh:
        lab.restore_notebook(name)
    try:
        page.goto(f"{lab.url}/lab/tree/{quote(name)}?reset&token={lab.token}")
    except Error as error:  # its message holds the address, token included
        raise AssertionError(lab.redacted(str(error))) from None
    page.wait_for_function("(path) => window.gtl.kernelIdle(path)", arg=name, timeout=ms(timeout_s))
    page.evaluate(TRACK_NOTEBOOK, name)


def run_all_cells(page: Page, timeout_s: float = 120) -> None:
    """Run all cells of the open notebook; return once each has run or one has failed."""
    page.evaluate(START_RUN_ALL)
    page.wait_for_function(
        "() => window.gtl.runAll !== 'running' && window.gtl.settled(0)", timeout=ms(timeout_s)
    )
    outcome = page.evaluate("() => window.gtl.runAll")
    assert outcome == "done", f"notebook:run-all-cells {outcome}"


def wait_for_idle(page: Page, timeout_s: float = 60, quiet_s: float = 0.5) -> None:
    """Wait until the kernel has been idle for `quiet_s` with no cell pending.

    After a click the kernel turns busy only when the widget's message reaches it; `quiet_s`
    covers that gap. To wait for a result, `wait_for_text` says more.
    """
    page.wait_for_function(
        "(quietMs) => window.gtl.settled(quietMs)", arg=ms(quiet_s), timeout=ms(timeout_s)
    )


def wait_for_text(page: Page, text: str, timeout_s: float = 30, within: str = OUTPUTS) -> Locator:
    """Wait until an output (or any element matching `within`) shows `text`; return it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shown = page.locator(within).filter(has_text=text).first
    try:
        shown.wait_for(state="visible", timeout=ms(timeout_s))
    except PlaywrightTimeout:
        instead = [t.strip() for t in page.locator(within).all_inner_texts() if t.strip()]
        raise AssertionError(
            f"{text!r} not shown in {within} within {timeout_s:g} s; it shows {instead!r}"
        ) from None
    return shown


def wait_for_refreshes(page: Page, count: int = 2, timeout_s: float = 30) -> None:
    """Wait until the playground has refreshed itself `count` more times: its clock ("updated
    12:00:01") changes with each, where a fixed wait on a busy machine may see none."""
    clock = ".gtl-playground .gtl-clock"
    for _ in range(count):
        seen = widget(page, clock).inner_text()
        page.wait_for_function(
            "([selector, seen]) => document.querySelector(selector)?.innerText !== seen",
            arg=[clock, seen],
            timeout=ms(timeout_s),
        )


def errors_shown(page: Page) -> list[str]:
    """The open notebook's error outputs (`ename: evalue`) and stderr outputs with a traceback.

    Read from the notebook's model, which holds every output whether or not it is on screen.
    """
    return list(page.evaluate(ERRORS_SHOWN))


def widget(page: Page, selector: str, timeout_s: float = 30) -> Locator:
    """The visible element at `selector`, e.g. `.gtl-add-participant input` (from `add_class`)."""
    found = page.locator(selector).first
    found.wait_for(state="visible", timeout=ms(timeout_s))
    return found


def type_into(page: Page, selector: str, text: str) -> None:
    """Replace the text of the input at `selector` and leave it, so the widget syncs its value."""
    entry = widget(page, selector)
    entry.fill(text)
    entry.blur()


def click(page: Page, selector: str, timeout_s: float = 60) -> None:
    """Click the element at `selector` (e.g. a button widget) and wait for the kernel to settle."""
    widget(page, selector).click()
    wait_for_idle(page, timeout_s)


def screenshot(page: Page, name: str) -> Path:
    """Save what the tab shows to `artifacts/screenshots/<name>.png`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path))
    return path


def thread_states(page: Page, selector: str) -> list[dict[str, Any]]:
    """What each thread view at `selector` shows (see THREAD_STATES)."""
    return list(page.evaluate(THREAD_STATES, selector))


# JupyterLab's announcements (`@jupyterlab/apputils-extension:announcements`) decide whether to
# ask about news once the app is restored and their config section is read from this address.
ANNOUNCEMENTS_CONFIG = "/api/config/jupyterlabapputilsextensionannouncements"
ANNOUNCEMENTS_DECIDED = """
async () => {
  await window.jupyterapp.restored;
  for (let frame = 0; frame < 2; frame++) {  // a toast emitted meanwhile is drawn by then
    await new Promise((drawn) => requestAnimationFrame(drawn));
  }
}
"""


def open_notebook_once_news_is_decided(page: Page, lab: Lab, name: str) -> None:
    """`open_notebook`, then wait until JupyterLab has decided whether to ask about news (its
    question, a toast, would be on the page by then): no time guessed for "a moment after it
    starts"."""
    with page.expect_response(lambda response: ANNOUNCEMENTS_CONFIG in response.url):
        open_notebook(page, lab, name)
    page.evaluate(ANNOUNCEMENTS_DECIDED)


def overlays(page: Page) -> list[str]:
    """The text of every dialog or toast shown over the page."""
    return [o.inner_text() for o in page.locator(OVERLAYS).all() if o.is_visible()]


def ms(seconds: float) -> float:
    return seconds * 1000
