"""Real-browser fixtures: headless Debian chromium driven by Playwright, a live web UI, a shared corpus.

The browser is the system chromium (/usr/bin/chromium, `make test` installs it), never a
Playwright-downloaded one. Every page opened through `open_page` records its requests, dialogs
and console errors so tests can assert that hostile documents stay inert and nothing leaves
127.0.0.1 (or, for the offline report, the report file itself).
"""

from __future__ import annotations

import glob
import os
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "south-caucasus"
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--disable-sync"]
VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# Every payload planted in tests/fixtures/hostile/*; each sets window.__pwned if it ever runs.
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">click me</a>',
    '<svg onload="window.__pwned=1">',
    '"><script>window.__pwned=1</script>',
)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM} (`make test` installs it: apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need playwright (pip install -e '.[test]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def db(tmp_path_factory) -> Path:
    """A corpus store of the bundled examples plus the hostile fixtures, ingested once per session."""
    from parallax.api import ingest

    path = tmp_path_factory.mktemp("browser-db") / "parallax.db"
    inputs = sorted(glob.glob(str(EXAMPLES / "*.txt"))) + sorted(str(p) for p in HOSTILE.iterdir() if p.is_file())
    report = ingest(inputs, str(path))
    assert not report.errors, f"ingest errors: {report.errors}"
    assert report.stored == len(inputs), f"stored {report.stored} of {len(inputs)} documents"
    return path


@pytest.fixture(scope="session")
def doc_ids(db) -> dict[str, str]:
    """File name (e.g. 'payload-ceasefire-statement.txt') → document id in `db`."""
    with sqlite3.connect(db) as conn:
        return {Path(source).name: doc_id for doc_id, source in conn.execute("SELECT id, source FROM documents")}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(db):
    """The web UI over `db`, served by uvicorn in a daemon thread; yields its base URL."""
    import uvicorn

    from parallax.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="parallax-live-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                break
        except urllib.error.HTTPError:
            break  # it answered, even if with an error status: the tests will say what is wrong
        except OSError:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the parallax web server did not start on {base}")
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Watched:
    """A page plus everything it did that a test may want to assert on."""

    page: object
    size: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def pwned(self):
        """window.__pwned in the current document (None when undefined, as it must be)."""
        return self.page.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")

    def horizontal_overflow(self) -> dict | None:
        """Widths when the page scrolls sideways beyond the viewport, else None."""
        widths = self.page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
                                               inner: window.innerWidth,
                                               body: document.body ? document.body.scrollWidth : 0})""")
        return widths if widths["scroll"] > widths["inner"] + 1 else None

    def wide_elements(self, limit: int = 8) -> list[str]:
        """What sticks out past the right edge of the viewport: elements, and text overflowing its box."""
        return self.page.evaluate("""(limit) => {
            const out = [];
            const describe = (el) => {
                let name = el.tagName.toLowerCase();
                if (el.id) name += '#' + el.id;
                if (el.classList.length) name += '.' + [...el.classList].join('.');
                return name;
            };
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > window.innerWidth + 1 && r.width > 0 && out.length < limit) {
                    const text = (el.textContent || '').trim().slice(0, 40);
                    out.push(`${describe(el)} box to ${Math.round(r.right)}px ${JSON.stringify(text)}`);
                }
            }
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node && out.length < 2 * limit; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                const r = range.getBoundingClientRect();
                if (r.right > window.innerWidth + 1) {
                    out.push(`text in ${describe(node.parentElement)} to ${Math.round(r.right)}px ${JSON.stringify(node.data.trim().slice(0, 40))}`);
                }
            }
            return out;
        }""", limit)


@pytest.fixture
def open_page(browser):
    """open_page(size) → Watched: a fresh context at the 'laptop' or 'phone' viewport, recording everything."""
    contexts = []

    def _open(size: str = "laptop") -> Watched:
        context = browser.new_context(viewport=VIEWPORTS[size], service_workers="block")
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page, size)
        page.on("request", lambda request: watched.requests.append(request.url))

        def on_dialog(dialog):
            watched.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda msg: watched.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: watched.page_errors.append(str(exc)))
        # Nothing may leave the machine; abort anything that tries so a leak fails fast instead of hanging.
        context.route(lambda url: not _is_local(url), lambda route: route.abort())
        return watched

    yield _open
    for context in contexts:
        context.close()


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:", "about:"))


MAX_SHOT_HEIGHT = 8_000  # chromium fails to capture very tall pages in one go; longer pages are cut in slices


def screenshot(watched: Watched, name: str) -> Path:
    """Save a full-page screenshot to <repo>/test-artifacts/<name>-<laptop|phone>.png.

    A page taller than MAX_SHOT_HEIGHT is saved in slices, each taken through a viewport as tall
    as the slice (a single capture of a 30,000px page fails intermittently): the first as
    <name>-<size>.png, the rest as <name>-<size>-part2.png, -part3.png...
    """
    ARTIFACTS.mkdir(exist_ok=True)
    page = watched.page
    path = ARTIFACTS / f"{name}-{watched.size}.png"
    for stale in ARTIFACTS.glob(f"{name}-{watched.size}-part*.png"):
        stale.unlink()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    if height <= MAX_SHOT_HEIGHT:
        page.screenshot(path=str(path), full_page=True)
        return path
    viewport = dict(page.viewport_size)
    scrolled = page.evaluate("() => [window.scrollX, window.scrollY]")
    try:
        page.set_viewport_size({"width": viewport["width"], "height": MAX_SHOT_HEIGHT})
        height = page.evaluate("() => document.documentElement.scrollHeight")
        for part, top in enumerate(range(0, height, MAX_SHOT_HEIGHT), start=1):
            target = path if part == 1 else ARTIFACTS / f"{name}-{watched.size}-part{part}.png"
            page.evaluate("(y) => window.scrollTo(0, y)", top)
            actual = page.evaluate("() => window.scrollY")  # the last slice stops at the bottom of the page
            clip_top = top - actual
            page.screenshot(path=str(target), clip={"x": 0, "y": clip_top, "width": viewport["width"],
                                                   "height": min(MAX_SHOT_HEIGHT, height - top)})
    finally:
        page.set_viewport_size(viewport)
        page.evaluate("([x, y]) => window.scrollTo(x, y)", scrolled)
    return path
