"""The query editor in a real headless Chromium against a real server on 127.0.0.1.

Chromium is told that every host name but 127.0.0.1 does not exist, and its network log is
read back: the page must load, list the named queries, and run one against this server's
`/sparql` with every request going to this server alone (no CDN, no prefix service, no
vocabulary look-ups). The test photographs the real page
(`make screenshots` keeps the picture for the README).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from queries.registry import load_registry
from service.app import create_app
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from tests.browser.chromium import CHROMEDRIVER, FLAGS, ensure_chromium, save_screenshot, serving

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "queries" / "fixture.trig"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on 127.0.0.1 over an on-disk store holding the query fixture."""
    folder = tmp_path_factory.mktemp("editor")
    settings = Settings(store=folder / "store", area="t", query_workers=1)
    store = EmbeddedStore(settings.store)
    load_paths(store, [FIXTURE], settings, with_system=True)
    port = free_port()
    with serving(create_app(settings, store), port) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = str(ensure_chromium())
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1400,1000")
    # every name but 127.0.0.1 fails to resolve: nothing outside this machine can load
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for since the last call (Chromium's network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


EXAMPLES = "#examples button.example"
ENDPOINT = ".tabPanel.active .autocompleteWrapper input.autocomplete"
RESULT_ROWS = ".tabPanel.active .yasr table.dataTable tbody tr"


def test_the_editor_runs_an_example_against_this_server_alone(
    server: str, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    browser.get(f"{server}/editor")
    wait = WebDriverWait(browser, 30)
    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".yasgui .CodeMirror")))

    listed = {
        b.get_attribute("data-name") for b in browser.find_elements(By.CSS_SELECTOR, EXAMPLES)
    }
    assert listed == {query.name for query in load_registry()}
    endpoint = browser.find_element(By.CSS_SELECTOR, ENDPOINT)
    assert endpoint.get_attribute("value") == f"{server}/sparql"

    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="trace-top-down"]').click()
    wait.until(
        lambda d: "trace-top-down" in d.find_element(By.CSS_SELECTOR, ".tabsList .tab.active").text
    )
    active = browser.execute_script("return window.lankaEditor.getTab().getQuery()")
    assert 'VALUES ?lang { "fi" }' in active
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasqe_queryButton").click()
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, RESULT_ROWS))
    table = " ".join(row.text for row in rows)
    assert len(rows) == 2  # the fixture's two strategy elements
    assert "Asukasta varten" in table  # a label, found because `lang` is bound to "fi"
    assert "Ennaltaehkäisy" in table

    browser.execute_script("document.getElementById('examples').scrollTop = 0")
    save_screenshot(browser, "editor.png", tmp_path)

    urls = requested_urls(browser)
    assert any(url == f"{server}/sparql" for url in urls)
    assert [u for u in urls if not u.startswith((server + "/", "data:", "blob:"))] == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
