"""PDF by a real browser engine: headless Chromium prints the report's HTML page.

Chromium is Debian's `chromium` package (`apt-get install chromium`); nothing is downloaded.
Each run gets its own profile folder, so two reports can print at once. The flags keep
Chromium off the network: the page is a local file with its style inline.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from loaders.errors import RenderError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
]
TIMEOUT = 120.0  # seconds for one print


def find_chromium() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        "PDF-muoto tarvitsee Chromium-selaimen (Debian-paketti chromium); valitse toinen "
        "muoto tai asenna: apt-get install chromium",
        "the PDF format needs the Chromium browser (Debian package chromium); choose another "
        "format or install it: apt-get install chromium",
    )


def html_to_pdf(page: str, *, chromium: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """Print an HTML page (A4, the page's own @page rules) to PDF bytes."""
    program = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="lanka-pdf-") as folder:
        work = Path(folder)
        source, target = work / "report.html", work / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            program,
            *FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"Chromium ei tulostanut PDF:ää {timeout:g} sekunnissa",
                f"Chromium did not print the PDF within {timeout:g} s",
            ) from None
        except OSError as exc:
            raise RenderError(
                f"Chromiumia ei voitu käynnistää: {exc}", f"cannot start Chromium: {exc}"
            ) from None
        if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RenderError(
                f"Chromium ei tulostanut PDF:ää (koodi {done.returncode}): {' '.join(tail)}",
                f"Chromium did not print the PDF (code {done.returncode}): {' '.join(tail)}",
            )
        return target.read_bytes()
