"""The app as a person sees it: a real ``streamlit run`` server driven by headless Chromium.

Uses Debian's Chromium through the ``playwright`` package (never a downloaded browser).
Without /usr/bin/chromium the test is skipped, except on CI (``CI=true``), where a missing
browser is a broken machine setup and fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT, free_port, serving

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
HOSTILE = ROOT / "tests" / "data" / "hostile"


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must provide it (see .ci/run)")
    pytest.skip(reason)


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


@pytest.fixture(scope="module")
def browser_data_dir(tmp_path_factory) -> Path:
    """The seed plus an article full of markup payloads (tests/data/hostile/)."""
    from graph.config import load_settings
    from graph.pipeline.corpus import build_corpus

    data = tmp_path_factory.mktemp("kg-browser")
    build_corpus(load_settings(data), [ROOT / "seeds", HOSTILE])
    return data


@contextlib.contextmanager
def streamlit_app(data_dir: Path, log: Path) -> Iterator[str]:
    """A ``streamlit run app.py`` server on ``data_dir`` at a free loopback port."""
    port = free_port()
    env = {
        **os.environ,
        "KG_DATA": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with (
        open(log, "wb") as out,
        serving(
            command,
            f"http://127.0.0.1:{port}/_stcore/health",
            f"streamlit (log: {log})",
            timeout=90,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        ),
    ):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(browser_data_dir: Path, tmp_path_factory) -> Iterator[str]:
    """The app, served for the tests of this module."""
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with streamlit_app(browser_data_dir, log) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where page screenshots go: $KG_SCREENSHOTS if set (to look at them), else a tmp dir."""
    chosen = os.environ.get("KG_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """A Chromium page with no network beyond loopback, recording what went wrong."""

    def __init__(self, browser) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.remote: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._only_local)
        self.page.on(
            "console",
            lambda m: (
                self.console_errors.append(f"{m.text} @ {m.location.get('url', '')}")
                if m.type == "error"
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _only_local(self, route, request) -> None:  # the app must work with no network
        if urlparse(request.url).hostname not in LOCAL_HOSTS and not request.url.startswith(
            ("data:", "blob:", "about:")
        ):
            self.remote.append(request.url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def own_errors(self) -> list[str]:
        """Console errors, except Streamlit's own probes (below); a blocked request is in
        ``remote``, and a page must make none."""
        return [
            e
            for e in self.console_errors
            if not (
                # Opened on a page's own URL, Streamlit first looks for its
                # endpoints under that path (a 404) before the server root.
                re.search(r"404 .* @ http://[^/]+/[^_][^/]*/_stcore/", e)
            )
        ]

    def open(self, url: str, title: str) -> None:
        self.page.goto(url)
        self.page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
        # Streamlit draws a page in several deltas; wait until its script is done.
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
        )
        self.page.wait_for_timeout(800)

    def xss_ran(self) -> list[str]:
        ran = []
        for frame in self.page.frames:
            try:
                if frame.evaluate("() => window.__xss") is not None:
                    ran.append(frame.url)
            except Exception:  # a frame that navigated away meanwhile
                continue
        return ran


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Counts the painted pixels of the network canvas: zero means vis-network drew nothing.
PAINTED = """() => {
  const canvas = document.querySelector("#network canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted++; } }
  return painted;
}"""

# Where a node is drawn, in the iframe's CSS pixels (the drawing sits below the legend).
NODE_POSITION = """(label) => {
  const id = network.body.data.nodes.get().find((n) => n.label === label).id;
  const at = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById("network").getBoundingClientRect();
  return {x: at.x + box.left, y: at.y + box.top};
}"""

# url path -> the page's title (its h1), in the order of the navigation.
PAGES = {
    "": "News knowledge graph",
    "network": "Network",
    "entity": "Entity",
    "paths": "Path finder",
    "timeline": "Timeline",
    "claims": "Claims",
    "map": "Map",
    "sources": "Sources",
    "workbench": "Query workbench",
    "add": "Add documents",
    "export": "Export",
}
HOSTILE_UNIT = "https://w3id.org/newskg/id/unit/window-xss-5-mechanized-brigade"
RAW_NAMES = re.compile(
    r"kg:\w|\b(?:"
    + "|".join(t for t in __import__("graph.vocab").vocab.KG_TERMS if re.search(r"[a-z][A-Z]", t))
    + r")\b"
)


# What shows that a page has drawn, beyond its title: a data frame's first row ("table")
# or vis-network's settled drawing ("network").
CONTENT = {"": "table", "network": "network", "paths": "network"}
NEXT_FRAMES = """() => new Promise((done) => {
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""


def page_screenshot(visit: Visit, path: Path, content: str | None = None) -> None:
    """The whole page, once its ``content`` (see CONTENT) has drawn. Streamlit scrolls
    inside its main block, so a full-page screenshot would show only the window: the
    window grows to the block's height for the picture, then shrinks back."""
    page = visit.page
    if content == "table":
        rows = page.locator("[data-testid=stDataFrame] tbody tr")
        rows.first.wait_for(state="attached", timeout=30_000)
    elif content == "network":
        handle = page.locator("iframe").first.element_handle(timeout=30_000)
        frame = handle.content_frame()
        assert frame is not None
        frame.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=30_000)
    page.evaluate(NEXT_FRAMES)  # the data grid paints its canvas on the next frame
    window = page.viewport_size or {"width": 1400, "height": 1000}
    tall = page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollHeight || 0")
    page.set_viewport_size({"width": window["width"], "height": max(window["height"], tall)})
    page.wait_for_timeout(300)
    page.evaluate(NEXT_FRAMES)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(window)


def network_first_paint(page: Any, url: str) -> tuple[float, Any]:
    """Seconds from opening the Network page until vis-network has laid out and drawn
    the graph (its stabilization done), and the iframe element."""
    started = time.monotonic()
    page.goto(url + "network")
    frame_element = page.locator("iframe").first
    frame_element.wait_for(timeout=60_000)
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=30_000)
    return time.monotonic() - started, frame_element


def test_network_page_draws_an_offline_network_with_html_tooltips(
    browser, app_url: str, screenshots: Path
):
    visit = Visit(browser)
    first_paint, frame_element = network_first_paint(visit.page, app_url)
    frame = frame_element.element_handle().content_frame()
    print(f"\nnetwork page: first settled paint {first_paint:.2f} s")
    assert frame.evaluate(PAINTED) > 2_000
    legend = frame.inner_text("#legend")
    assert "person" in legend and "country" in legend
    assert "Showing" in visit.page.inner_text("body")

    # Hovering a node shows its tooltip rendered as HTML, not as markup text.
    box = frame_element.bounding_box()
    assert box is not None
    where = frame.evaluate(NODE_POSITION, "Ukraine")
    visit.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    tooltip = frame.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    tip = tooltip.inner_text()
    assert "Ukraine" in tip and "mentions" in tip
    assert "<b>" not in tip and "&lt;" not in tip and "&#x27;" not in tip
    visit.page.screenshot(path=str(screenshots / "network-tooltip.png"), full_page=True)
    assert not visit.remote, f"the page tried to reach the network: {visit.remote}"
    assert not visit.page_errors and not visit.own_errors(), visit.console_errors


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_in_the_browser_and_runs_no_injected_markup(
    browser, app_url: str, screenshots: Path, path: str
):
    visit = Visit(browser)
    visit.open(app_url + path, PAGES[path])
    body = visit.page.inner_text("body")
    assert not visit.page.get_by_test_id("stException").count(), body[:2000]
    assert not visit.page.get_by_test_id("stAlertContentError").count(), body[:2000]
    name = path or "overview"
    page_screenshot(visit, screenshots / f"{name}.png", CONTENT.get(path))
    # No raw class or property name in what the page shows (its frames included; the
    # cells of data frames are drawn on a canvas: tests/test_views.py reads those).
    shown = " ".join(frame.inner_text("body") for frame in visit.page.frames)
    raw = sorted({m.group(0) for m in RAW_NAMES.finditer(shown)})
    assert not raw, f"{name} shows {raw}"
    print(f"\nscreenshot: {screenshots / f'{name}.png'}")
    assert not visit.xss_ran() and not visit.dialogs
    assert not visit.page_errors, visit.page_errors
    assert not visit.own_errors(), visit.console_errors
    assert not visit.remote, f"the page tried to reach the network: {visit.remote}"


@pytest.mark.parametrize(
    ("path", "query"), [("entity", f"?entity={HOSTILE_UNIT}"), ("sources", "")]
)
def test_hostile_article_shows_as_text(
    browser, app_url: str, screenshots: Path, path: str, query: str
):
    visit = Visit(browser)
    visit.open(app_url + path + query, PAGES[path])
    if path == "sources":
        visit.page.get_by_test_id("stSelectbox").click()
        visit.page.get_by_role("option", name=re.compile("Troops of")).click()
        visit.page.wait_for_timeout(1500)
    text = " ".join(frame.inner_text("body") for frame in visit.page.frames)
    assert "window.__xss" in text  # the payload is shown, as text
    visit.page.screenshot(path=str(screenshots / f"hostile-{path}.png"), full_page=True)
    assert not visit.xss_ran() and not visit.dialogs
    assert not visit.page_errors, visit.page_errors


# How far the article frame's own document scrolls: 0 when the frame is as tall as its text.
FRAME_OVERFLOW = """() => {
  const page = document.scrollingElement || document.documentElement;
  return page.scrollHeight - page.clientHeight;
}"""


@pytest.mark.parametrize("article", ["", "Troops of"])
def test_sources_frame_is_as_tall_as_its_article(
    browser, app_url: str, screenshots: Path, article: str
):
    visit = Visit(browser)
    visit.open(app_url + "sources", PAGES["sources"])
    if article:
        visit.page.get_by_test_id("stSelectbox").click()
        visit.page.get_by_role("option", name=re.compile(article)).click()
        visit.page.wait_for_timeout(1500)
    frame_element = visit.page.locator("iframe").first
    frame_element.wait_for(timeout=30_000)
    visit.page.wait_for_timeout(1000)  # the frame takes its content's height
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    overflow = frame.evaluate(FRAME_OVERFLOW)
    # The last paragraph is whole in the frame, without scrolling the frame.
    last = frame.locator("p").last
    last_box, frame_box = last.bounding_box(), frame_element.bounding_box()
    assert last_box is not None and frame_box is not None
    visit.page.screenshot(
        path=str(screenshots / f"sources-{'hostile' if article else 'seed'}.png"),
        full_page=True,
    )
    assert overflow <= 0, f"the article scrolls {overflow} px inside its frame"
    assert last_box["y"] + last_box["height"] <= frame_box["y"] + frame_box["height"]


def test_workbench_runs_a_saved_query_and_draws_its_graph(browser, app_url: str, screenshots: Path):
    visit = Visit(browser)
    visit.open(app_url + "workbench", PAGES["workbench"])
    visit.page.get_by_role("button", name="Run").click()
    table = visit.page.get_by_test_id("stDataFrame")
    table.wait_for(timeout=30_000)
    table.scroll_into_view_if_needed()
    visit.page.screenshot(path=str(screenshots / "workbench-table.png"), full_page=True)

    visit.page.get_by_test_id("stSelectbox").click()
    visit.page.get_by_role("option", name=re.compile("^entity-neighbourhood")).click()
    visit.page.get_by_test_id("stSelectbox").nth(1).click()
    visit.page.keyboard.type("Gerasimov")
    visit.page.get_by_role("option", name="Valery Gerasimov").click()
    visit.page.get_by_role("button", name="Run").click()
    frame_element = visit.page.locator("iframe").first
    frame_element.wait_for(timeout=30_000)
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=30_000)
    assert frame.evaluate(PAINTED) > 1_000
    frame_element.scroll_into_view_if_needed()
    visit.page.screenshot(path=str(screenshots / "workbench-graph.png"), full_page=True)
    assert not visit.page.get_by_test_id("stAlertContentError").count()
    assert not visit.remote and not visit.page_errors and not visit.own_errors(), (
        visit.console_errors
    )


def mercator_pixel(view: Any, width: float, height: float, lat: float, lon: float):
    """Where deck.gl's Web Mercator view draws (lat, lon), in pixels of its canvas."""
    import math

    size = 512 * 2**view.zoom

    def x(lng: float) -> float:
        return size * (lng + 180) / 360

    def y(la: float) -> float:
        return size * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)))

    return (
        width / 2 + x(lon) - x(view.longitude),
        height / 2 + (y(lat) - y(view.latitude)) / (2 * math.pi),
    )


def test_map_draws_country_outlines_and_labelled_places_offline(
    browser, app_url: str, browser_data_dir: Path, screenshots: Path
):
    import numpy as np
    from PIL import Image

    from graph import QueryEngine, load_settings, places
    from views.geo import BORDER, LAND, fitted_view, radius

    visit = Visit(browser)
    visit.open(app_url + "map", PAGES["map"])
    canvas = visit.page.locator("[data-testid=stDeckGlJsonChart] canvas#deckgl-overlay")
    canvas.wait_for(timeout=30_000)
    canvas.scroll_into_view_if_needed()
    visit.page.wait_for_timeout(2_000)  # the outlines' tessellation and first frames
    shot = screenshots / "map-canvas.png"
    canvas.screenshot(path=str(shot))
    page_screenshot(visit, screenshots / "map-offline.png")
    image = np.asarray(Image.open(shot).convert("RGB"), dtype=int)
    height, width = image.shape[:2]

    def near(colour: list[int], slack: int) -> Any:
        return (np.abs(image - np.array(colour)) <= slack).all(axis=2)

    # Land fills most of the view on Ukraine and Russia; their border is drawn over it.
    assert near(LAND, 12).mean() > 0.3
    assert (near(BORDER, 40) & (image[:, :, 0] < 200)).sum() > 300

    # Each place's label is drawn just right of its point: dark glyph pixels there.
    located = [p for p in places(QueryEngine(load_settings(browser_data_dir))) if p.lat]
    view = fitted_view(located)
    labelled = []
    for place in located:
        assert place.lat is not None and place.lon is not None
        x, y = mercator_pixel(view, width, height, place.lat, place.lon)
        left = x + radius(place.mentions) + 4
        top, bottom, right = int(y - 7), int(y + 7), int(left + 7 * len(place.label))
        if left < 0 or top < 0 or right > width or bottom > height:
            continue  # out of the initial view
        # Dark, antialiased glyphs; the 1-pixel grey border lines are lighter.
        glyphs = (image[top:bottom, int(left) : right].sum(axis=2) < 400).sum()
        if glyphs > 4 * len(place.label):
            labelled.append(place.label)
    print(f"\nlabelled on the initial view: {labelled}")
    assert {"Kursk region", "Sumy region", "Ukraine"} <= set(labelled)
    assert not visit.remote, f"the map tried to reach the network: {visit.remote}"
    assert not any("Failed to fetch" in e or "ERR_" in e for e in visit.console_errors)
    assert not visit.page_errors and not visit.own_errors(), visit.console_errors


# The relations vis-network draws, as (from label, relation, to label).
EDGES_DRAWN = """() => {
  const label = {};
  network.body.data.nodes.get().forEach((n) => { label[n.id] = n.label; });
  return network.body.data.edges.get().map((e) => [label[e.from], e.label || "", label[e.to]]);
}"""


def pick_by_typing(page: Any, picker: int, text: str) -> None:
    """Type part of a name into the ``picker``-th select box and press Enter, as a user does."""
    page.get_by_test_id("stSelectbox").nth(picker).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)


def test_workbench_draws_exactly_the_edges_of_a_path_between_typed_names(
    browser, app_url: str, screenshots: Path
):
    visit = Visit(browser)
    visit.open(app_url + "workbench", PAGES["workbench"])
    visit.page.get_by_test_id("stSelectbox").first.click()
    visit.page.get_by_role("option", name=re.compile("^connection-paths")).click()
    visit.page.wait_for_timeout(1000)
    pick_by_typing(visit.page, 1, "Syrskyi")
    pick_by_typing(visit.page, 2, "Gerasimov")
    visit.page.get_by_role("button", name="Run").click()
    frame_element = visit.page.locator("iframe").first
    frame_element.wait_for(timeout=30_000)
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=30_000)
    drawn = {tuple(edge) for edge in frame.evaluate(EDGES_DRAWN)}
    frame_element.scroll_into_view_if_needed()
    visit.page.screenshot(path=str(screenshots / "workbench-paths.png"), full_page=True)
    assert drawn == {
        ("Oleksandr Syrskyi", "belongs to state", "Ukraine"),
        ("Oleksandr Syrskyi", "commander of", "Ukrainian armed forces"),
        ("Russia", "fought against", "Ukraine"),
        ("Russia", "fought against", "Ukrainian armed forces"),
        ("Valery Gerasimov", "belongs to state", "Russia"),
    }
    assert not visit.page.get_by_test_id("stAlertContentError").count()
    assert not visit.remote and not visit.page_errors and not visit.own_errors(), (
        visit.console_errors
    )


@pytest.mark.parametrize(("path", "picker"), [("entity", 0), ("paths", 0), ("paths", 1)])
def test_typing_a_partial_name_and_enter_picks_the_entity(
    browser, app_url: str, path: str, picker: int
):
    visit = Visit(browser)
    visit.open(app_url + path, PAGES[path])
    pick_by_typing(visit.page, picker, "Syrskyi")
    visit.page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )
    chosen = visit.page.get_by_test_id("stSelectbox").nth(picker).locator("input").input_value()
    assert chosen.startswith("Oleksandr Syrskyi"), chosen
    if path == "entity":
        assert visit.page.locator("h2").first.inner_text() == "Oleksandr Syrskyi"
    assert not visit.page.get_by_test_id("stAlertContentError").count()


def test_export_downloads_the_network_as_filtered_on_the_network_page(
    browser, app_url: str, screenshots: Path
):
    import rdflib

    visit = Visit(browser)
    visit.open(app_url + "network", PAGES["network"])
    visit.page.get_by_role("textbox", name="Search entities").fill("Gerasimov")
    visit.page.keyboard.press("Enter")
    visit.page.get_by_text("Open the entity page of Valery Gerasimov").wait_for(timeout=30_000)
    visit.page.get_by_test_id("stSidebarNav").get_by_text("Export", exact=True).click()
    caption = visit.page.get_by_text(re.compile("within 1 hop"))
    caption.wait_for(timeout=30_000)
    assert "Valery Gerasimov" in caption.inner_text()
    with visit.page.expect_download() as download:
        visit.page.get_by_role("button", name="Download network.ttl").click()
    graph = rdflib.Graph().parse(download.value.path(), format="turtle")
    subjects = {str(s) for s in graph.subjects()}
    assert "https://w3id.org/newskg/id/person/valery-gerasimov" in subjects
    assert "https://w3id.org/newskg/id/person/donald-trump" not in subjects
    visit.page.screenshot(path=str(screenshots / "export-filtered.png"), full_page=True)
    assert not visit.remote and not visit.page_errors and not visit.own_errors(), (
        visit.console_errors
    )


# Last: it adds an article to the graph the other tests of this module read.
def test_add_page_uploads_an_article_with_a_hostile_name(
    browser, app_url: str, screenshots: Path, tmp_path: Path
):
    article = tmp_path / "<img src=x onerror=window.__xss=1>.txt"
    article.write_text("Polish border guards closed the Terespol crossing with Belarus.")
    visit = Visit(browser)
    visit.open(app_url + "add", PAGES["add"])
    visit.page.locator("input[type=file]").set_input_files(str(article))
    visit.page.get_by_role("button", name="Add to the graph").click()
    visit.page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=120_000)
    success = visit.page.get_by_test_id("stAlertContentSuccess").inner_text()
    assert "<img src=x onerror=window.__xss=1>.txt" in success  # shown as text
    # The form is back, empty for the next article: no chosen file left in the uploader.
    visit.page.get_by_role("button", name="Add to the graph").wait_for(timeout=30_000)
    visit.page.get_by_text("Read it with its entities marked in Sources").wait_for()
    assert not visit.page.get_by_test_id("stFileUploaderFile").count()
    visit.page.screenshot(path=str(screenshots / "add.png"), full_page=True)
    assert not visit.xss_ran() and not visit.dialogs
    assert not visit.remote and not visit.page_errors and not visit.own_errors(), (
        visit.console_errors
    )


@pytest.mark.benchmark
def test_network_page_first_paint_seconds(browser, browser_data_dir: Path, tmp_path: Path):
    """First paint of the Network page on a fresh server (graph built, nothing cached),
    then on later visits; each visit is a new browser context, with no cached assets.
    Pages are not routed through Playwright as in the other tests (intercepting each of
    Streamlit's requests adds about a second). The target is under 3 s. A figure, not a
    pass/fail timing: the machine is shared."""
    with streamlit_app(browser_data_dir, tmp_path / "streamlit.log") as url:
        seconds = []
        for _ in range(4):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            seconds.append(network_first_paint(page, url)[0])
            page.context.close()
    print(
        f"\nnetwork page first paint: {seconds[0]:.2f} s on a fresh server, then "
        + ", ".join(f"{s:.2f}" for s in seconds[1:])
        + " s (target < 3 s)"
    )
