"""The graph page in a real headless Chromium against a real server on 127.0.0.1 over the
Kainuu dataset.

Chromium is told that every host name but 127.0.0.1 does not exist and its network log is
read back, so the page must work with no network. The tests drive it as a facilitator does:
a view, a filter, a click on a node, the path finder, the PNG and SVG exports. Each view is
photographed from the real page (`make screenshots` keeps the pictures for the README).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from service.app import create_app
from service.loading import load_default
from service.settings import Settings
from service.store import EmbeddedStore
from tests.browser.chromium import (
    CHROMEDRIVER,
    FLAGS,
    PNG_SIGNATURE,
    ensure_chromium,
    save_screenshot,
    serving,
)

JANE = "https://w3id.org/lanka/id/kainuu/toimija/jane"
VIEWS = {
    "strategy": "view=strategy",
    "actors": "view=actors",
    "legal": "view=legal",
    "neighbourhood": f"view=neighbourhood&entity={JANE}",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """uvicorn on 127.0.0.1 over an in-memory store with the ontology and the Kainuu data."""
    settings = Settings(query_workers=1)
    store = EmbeddedStore(None)
    load_default(store, settings)
    port = free_port()
    with serving(create_app(settings, store), port) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = str(ensure_chromium())
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1280,800")
    # every name but 127.0.0.1 fails to resolve: nothing outside this machine can load
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    yield driver
    driver.quit()


def open_view(browser: webdriver.Chrome, server: str, query: str) -> None:
    browser.get(f"{server}/graph?{query}")
    WebDriverWait(browser, 90).until(
        lambda b: b.execute_script("return document.body.dataset.ready === 'true'")
    )


def js(browser: webdriver.Chrome, script: str) -> Any:
    return browser.execute_script(f"return {script}")


def visible_nodes(browser: webdriver.Chrome) -> int:
    count: int = js(browser, "window.lanka.cy().nodes(':visible').length")
    return count


def wait_for(browser: webdriver.Chrome, check: Callable[[webdriver.Chrome], Any]) -> Any:
    return WebDriverWait(browser, 30).until(check)


def requested_urls(browser: webdriver.Chrome) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def downloaded(folder: Path, name: str) -> bytes:
    path = folder / name
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 0:
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded")


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_renders_nodes_with_no_network_and_is_photographed(
    browser: webdriver.Chrome, server: str, view: str, tmp_path: Path
) -> None:
    browser.get_log("performance")  # start the log afresh
    open_view(browser, server, VIEWS[view])
    assert visible_nodes(browser) > 3
    drawn = js(browser, "window.lanka.cy().nodes().filter(n => n.renderedWidth() > 0).length")
    assert drawn == js(browser, "window.lanka.cy().nodes().length")
    urls = requested_urls(browser)
    assert any(u.endswith("/static/vendor/cytoscape/cytoscape.min.js") for u in urls)
    outside = [u for u in urls if not u.startswith((server, "data:", "blob:"))]
    assert outside == []
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    save_screenshot(browser, f"graph-{view}.png", tmp_path)


def test_a_filter_changes_the_visible_set_and_keeps_the_layout(
    browser: webdriver.Chrome, server: str
) -> None:
    open_view(browser, server, "view=strategy")
    everything = visible_nodes(browser)
    places = "Object.fromEntries(window.lanka.cy().nodes().map(n => [n.id(), n.position()]))"
    before = js(browser, places)
    themes = Select(browser.find_element(By.ID, "f-theme"))
    themes.select_by_index(1)
    wait_for(browser, lambda b: visible_nodes(b) < everything)
    narrowed = visible_nodes(browser)
    assert narrowed > 0
    chosen = themes.first_selected_option.get_attribute("value")
    measures = js(
        browser, "window.lanka.cy().nodes('[kind = \"Measure\"]:visible').map(n => n.data('theme'))"
    )
    assert measures and all(chosen in themes_of for themes_of in measures)
    after = js(browser, places)
    assert after and all(after[node] == before[node] for node in after)
    browser.find_element(By.ID, "clear-filters").click()
    wait_for(browser, lambda b: visible_nodes(b) == everything)
    browser.find_element(By.ID, "gaps").click()
    wait_for(browser, lambda b: visible_nodes(b) < everything)
    gaps = js(
        browser, "window.lanka.cy().nodes('[kind = \"Measure\"]:visible').map(n => n.data('gap'))"
    )
    assert gaps and all(gaps)


def test_clicking_a_node_fills_the_side_panel(browser: webdriver.Chrome, server: str) -> None:
    open_view(browser, server, "view=actors")
    browser.execute_script(f"window.lanka.cy().center(window.lanka.cy().getElementById('{JANE}'))")
    position = js(browser, f"window.lanka.cy().getElementById('{JANE}').renderedPosition()")
    canvas = browser.find_element(By.ID, "cy")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(position["x"] - size["width"] / 2), int(position["y"] - size["height"] / 2)
    ).click().perform()
    heading = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, "#panel-body h2"))
    assert heading.text.startswith("JANE")
    panel = browser.find_element(By.ID, "panel").text
    assert "Kuvaus" in panel and "Lähteet" in panel and "Yhteydet" in panel
    assert "Järjestöyhteistyön suunnitelma" in panel  # the source document
    browser.find_element(By.ID, "lang").click()
    wait_for(browser, lambda b: "Description" in b.find_element(By.ID, "panel").text)
    assert js(browser, "document.documentElement.lang") == "en"
    browser.find_element(By.ID, "lang").click()


def pick_suggestion(browser: webdriver.Chrome, field: str, text: str) -> None:
    box = browser.find_element(By.ID, field)
    box.clear()
    box.send_keys(text)
    suggestions = box.find_element(By.XPATH, "following-sibling::ul")
    wait_for(browser, lambda b: suggestions.is_displayed() and suggestions.text)
    suggestions.find_elements(By.TAG_NAME, "li")[0].click()
    wait_for(browser, lambda b: box.get_attribute("data-id"))


def test_the_path_finder_highlights_how_two_entities_are_connected(
    browser: webdriver.Chrome, server: str
) -> None:
    open_view(browser, server, "view=actors")
    pick_suggestion(browser, "path-from", "JANE")
    pick_suggestion(browser, "path-to", "Kajaani")
    browser.find_element(By.ID, "path-find").click()
    steps = wait_for(
        browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#path-result li a.entity")
    )
    assert steps[0].text.startswith("JANE") and steps[-1].text == "Kajaani"
    highlighted = js(browser, "window.lanka.cy().nodes('.path').map(n => n.id())")
    assert JANE in highlighted and len(highlighted) == len(steps)
    assert js(browser, "window.lanka.cy().edges('.path').length") >= len(steps) - 1
    assert js(browser, "window.lanka.cy().nodes('.faded').length") > 0


def test_png_and_svg_exports_are_valid_files(
    browser: webdriver.Chrome, server: str, downloads: Path
) -> None:
    open_view(browser, server, "view=legal")
    browser.find_element(By.ID, "export-png").click()
    png = downloaded(downloads, "lanka-legal.png")
    assert png.startswith(PNG_SIGNATURE) and len(png) > 10_000
    browser.find_element(By.ID, "export-svg").click()
    svg = ElementTree.fromstring(downloaded(downloads, "lanka-legal.svg"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    drawn = svg.findall(".//{http://www.w3.org/2000/svg}text")
    assert len(drawn) == visible_nodes(browser)
    assert any(t.text and t.text.startswith("Laki") for t in drawn)


def test_search_suggests_names_and_presentation_mode_enlarges_the_text(
    browser: webdriver.Chrome, server: str
) -> None:
    open_view(browser, server, "view=legal")
    pick_suggestion(browser, "search", "neuvottelukunta")
    heading = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, "#panel-body h2"))
    wait_for(browser, lambda b: "neuvottelukunta" in heading.text.casefold())
    small = js(browser, "window.lanka.cy().nodes()[0].style('font-size')")
    browser.find_element(By.ID, "present").click()
    assert "present" in js(browser, "document.body.className")
    large = js(browser, "window.lanka.cy().nodes()[0].style('font-size')")
    assert float(large.removesuffix("px")) > float(small.removesuffix("px"))
    assert "present=1" in browser.current_url
    browser.find_element(By.ID, "present").click()
