"""The app as a person sees it: a real ``streamlit run`` server driven by headless Chromium.

Uses Debian's Chromium through the ``playwright`` package (never a downloaded browser).
Without /usr/bin/chromium the test is skipped, except on CI (``CI=true``), where a missing
browser is a broken machine setup and fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must provide it (see .ci/run)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit not healthy after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture()
def chromium() -> Path:
    """Debian's Chromium, checked before any server is started for it."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    return CHROMIUM


@pytest.fixture()
def app_url(chromium: Path, built_data_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A ``streamlit run app.py`` server on a free loopback port, stopped afterwards."""
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "KG_DATA": str(built_data_dir),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", server, log, timeout=90)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


# Counts the painted pixels of the network canvas: zero means vis-network drew nothing.
PAINTED = """() => {
  const canvas = document.querySelector("#network canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted++; } }
  return painted;
}"""

# Where a node is drawn, in the iframe's CSS pixels.
NODE_POSITION = """(label) => {
  const id = network.body.data.nodes.get().find((n) => n.label === label).id;
  return network.canvasToDOM(network.getPositions([id])[id]);
}"""


def test_page_shows_counts_and_a_rendered_offline_network(chromium: Path, app_url: str,
                                                          tmp_path: Path):
    from playwright.sync_api import sync_playwright

    remote: list[str] = []
    screenshot = tmp_path / "app.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})

            def only_local(route, request):  # the page must work with no network at all
                if urlparse(request.url).hostname not in LOCAL_HOSTS and not \
                        request.url.startswith(("data:", "blob:", "about:")):
                    remote.append(request.url)
                    route.abort()
                else:
                    route.continue_()

            page.route("**/*", only_local)
            page.goto(app_url)
            metrics = page.get_by_test_id("stMetric")
            metrics.nth(4).wait_for(timeout=60_000)
            text = " ".join(metrics.all_inner_texts())
            for label in ("Documents", "Person", "Organization", "Military unit", "Place"):
                assert label in text
            assert "Most mentioned entities" in page.inner_text("body")

            frame_element = page.locator("iframe").first
            frame_element.wait_for(timeout=30_000)
            frame = frame_element.element_handle().content_frame()
            assert frame is not None
            frame.wait_for_selector("body[data-stabilized=true]", state="attached",
                                    timeout=30_000)
            assert frame.evaluate(PAINTED) > 2_000
            legend = frame.inner_text("#legend")
            assert "person" in legend and "country" in legend

            # Hovering a node shows its tooltip rendered as HTML, not as markup text.
            box = frame_element.bounding_box()
            assert box is not None
            where = frame.evaluate(NODE_POSITION, "Ukraine")
            page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
            tooltip = frame.locator("div.vis-tooltip")
            tooltip.wait_for(state="visible", timeout=10_000)
            tip = tooltip.inner_text()
            assert "Ukraine" in tip and "mentions" in tip
            assert "<b>" not in tip and "&lt;" not in tip and "&#x27;" not in tip

            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    print(f"\nscreenshot: {screenshot}")
    assert screenshot.stat().st_size > 10_000
    assert not remote, f"the page tried to reach the network: {remote}"
