"""A real headless Chromium for page tests: Debian's package, installed when missing.

The test set-up installs `chromium` and `chromium-driver` with apt-get (as root, as on CI)
the first time a page test runs on a fresh machine; nothing is downloaded by a test tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from service.http_protocol import server_config
from service.reports.pdf import FLAGS as PDF_FLAGS

CHROMIUM = Path("/usr/bin/chromium")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# where page tests put their pictures for the README (`make screenshots`); unset: a temporary
# folder, so that a test run leaves the working tree as it was
SCREENSHOTS_ENV = "LANKA_SCREENSHOTS"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Flags that keep Chromium from reaching for the network on a closed machine: the same ones
# the PDF renderer uses, less its print-only flag.
FLAGS = [flag for flag in PDF_FLAGS if flag != "--no-pdf-header-footer"]


def ensure_chromium() -> Path:
    """Path of Debian's chromium, installing it (and its driver) once if it is missing."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None:
        pytest.fail("chromium is missing and apt-get is not available to install it")
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=True)
        subprocess.run(install, env=env, capture_output=True, check=True)
    return CHROMIUM


@contextmanager
def serving(app: FastAPI, port: int) -> Iterator[str]:
    """Run the app with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def save_screenshot(browser: Any, name: str, tmp_path: Path) -> Path:
    """A picture of the page as `name` (a PNG), in `$LANKA_SCREENSHOTS` or else `tmp_path`."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    browser.save_screenshot(str(path))
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    return path
