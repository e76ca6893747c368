"""Graph page responsiveness: time to first render and a filter change, in headless Chromium.

    .venv/bin/python bench/graph_page.py              # Kainuu and a ~5,000-node synthetic county
    .venv/bin/python bench/graph_page.py --runs 5

Two datasets, each served by uvicorn on 127.0.0.1 over an in-memory store: the Kainuu
default dataset, and one synthetic county (`loaders/synth.py`) sized so that the page's
"everything" view has about 5,000 nodes. For each view the page is opened `--runs` times in
Debian's Chromium (Selenium, /usr/bin/chromedriver); the page itself records

- first render: from navigation start until the view is laid out and painted (two animation
  frames after the layout stops), including fetching `/graph/data`;
- of which the fetch (the request for the view's elements: server time and transfer), the
  draw (Cytoscape taking the elements with their style) and the layout;
- filter change: from choosing a theme until the server's visible ids are applied and
  painted, and the same for the gap toggle.

Medians are printed. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.synth import SynthSize, write_synthetic  # noqa: E402
from service.app import create_app  # noqa: E402
from service.http_protocol import server_config  # noqa: E402
from service.loading import load_default, load_paths  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import EmbeddedStore  # noqa: E402
from tests.browser.chromium import CHROMEDRIVER, FLAGS, ensure_chromium  # noqa: E402

# One county whose "everything" view has about 5,000 nodes.
SYNTH_SIZE = SynthSize(
    municipalities=10,
    indicators=400,
    years=1,
    measures=3000,
    ngos=1200,
    units=100,
    posts=260,
    networks=20,
)
VIEWS = ("strategy", "actors", "legal", "all")

FILTER_CHANGE = """
const done = arguments[arguments.length - 1];
const select = document.getElementById("f-theme");
const gaps = document.getElementById("gaps");
const which = arguments[0];
if (which === "theme") {
  select.value = select.options.length > 1 ? select.options[1].value : "";
  gaps.checked = false;
} else {
  select.value = "";
  gaps.checked = true;
}
window.lanka.applyFilters().then(() => done([
  window.lanka.timings.filter, window.lanka.cy().nodes(":visible").length]));
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(store: EmbeddedStore, settings: Settings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        server_config(create_app(settings, store), "127.0.0.1", port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = str(ensure_chromium())
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1400,900")
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def measure(driver: webdriver.Chrome, url: str, view: str, runs: int) -> dict[str, float]:
    first, fetch, init, layout, theme, gaps = [], [], [], [], [], []
    nodes = shown_theme = shown_gaps = 0
    for _ in range(runs):
        driver.get(f"{url}/graph?view={view}")
        WebDriverWait(driver, 300).until(
            lambda d: d.execute_script("return document.body.dataset.ready === 'true'")
        )
        timings = driver.execute_script("return window.lanka.timings")
        first.append(timings["firstRender"])
        fetch.append(timings["fetch"])
        init.append(timings["elements"])
        layout.append(timings["layout"])
        nodes = driver.execute_script("return window.lanka.cy().nodes().length")
        took, shown_theme = driver.execute_async_script(FILTER_CHANGE, "theme")
        theme.append(took)
        took, shown_gaps = driver.execute_async_script(FILTER_CHANGE, "gaps")
        gaps.append(took)
    return {
        "nodes": nodes,
        "first": statistics.median(first),
        "fetch": statistics.median(fetch),
        "init": statistics.median(init),
        "layout": statistics.median(layout),
        "theme": statistics.median(theme),
        "theme_nodes": shown_theme,
        "gaps": statistics.median(gaps),
        "gaps_nodes": shown_gaps,
    }


def report(name: str, results: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}")
    print(
        f"{'view':<10} {'nodes':>6} {'first render':>13} {'(fetch)':>9} {'(draw)':>8} "
        f"{'(layout)':>9} "
        f"{'theme filter':>13} {'(shown)':>8} {'gap toggle':>11} {'(shown)':>8}"
    )
    for view, r in results.items():
        print(
            f"{view:<10} {r['nodes']:>6.0f} {r['first']:>11.0f}ms {r['fetch']:>7.0f}ms "
            f"{r['init']:>6.0f}ms {r['layout']:>7.0f}ms "
            f"{r['theme']:>11.0f}ms {r['theme_nodes']:>8.0f} {r['gaps']:>9.0f}ms "
            f"{r['gaps_nodes']:>8.0f}"
        )


def run_dataset(name: str, store: EmbeddedStore, settings: Settings, runs: int) -> None:
    driver = browser()
    try:
        with serving(store, settings) as url:
            results = {view: measure(driver, url, view, runs) for view in VIEWS}
    finally:
        driver.quit()
    report(name, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"medians of {args.runs} runs; headless Chromium, window 1400×900; load {load:.1f}")

    settings = Settings(query_workers=1)
    kainuu = EmbeddedStore(None)
    load_default(kainuu, settings)
    run_dataset("Kainuu (default dataset)", kainuu, settings, args.runs)
    kainuu.close()

    with tempfile.TemporaryDirectory() as folder:
        write_synthetic(Path(folder), 1, seed=1, size=SYNTH_SIZE)
        synthetic = EmbeddedStore(None)
        load_paths(synthetic, [Path(folder) / "maakunta-01"], settings)
        run_dataset(
            "synthetic county (loaders/synth.py, ~5,000 nodes)", synthetic, settings, args.runs
        )
        synthetic.close()


if __name__ == "__main__":
    main()
